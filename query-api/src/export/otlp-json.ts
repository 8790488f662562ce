import type { SpanRow } from '@lumina/db';
import { attributesToKeyValuesJson, type KeyValueJson } from '@lumina/proto';

/**
 * Stored spans as OTLP/JSON (an ExportTraceServiceRequest per batch, the line format of
 * the collector's file exporter): hex ids, int enums, int64 as strings, original
 * attributes and resource. Lumina's own results ride along as `lumina.*` attributes.
 */
const SPAN_KIND: Record<string, number> = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
const STATUS_CODE: Record<string, number> = { ok: 0, degraded: 0, error: 2 };

function luminaAttributes(row: SpanRow): KeyValueJson[] {
  return [
    ...(row.cost_usd !== null ? [{ key: 'lumina.cost_usd', value: { doubleValue: row.cost_usd } }] : []),
    ...(row.status === 'degraded' ? [{ key: 'lumina.status', value: { stringValue: 'degraded' } }] : []),
  ];
}

function otlpSpan(row: SpanRow) {
  return {
    traceId: row.trace_id,
    spanId: row.span_id,
    ...(row.parent_span_id ? { parentSpanId: row.parent_span_id } : {}),
    name: row.name,
    kind: SPAN_KIND[row.kind] ?? 0,
    startTimeUnixNano: `${row.start_us}000`,
    endTimeUnixNano: `${row.end_us}000`,
    attributes: [...attributesToKeyValuesJson(row.attributes).filter((attribute) => !attribute.key.startsWith('lumina.')), ...luminaAttributes(row)],
    status: { code: STATUS_CODE[row.status] ?? 0, ...(row.status_message ? { message: row.status_message } : {}) },
  };
}

/** One NDJSON line: the batch grouped by resource. */
export function otlpJsonLine(rows: SpanRow[]): string {
  const byResource = new Map<string, { resource: Record<string, unknown>; spans: SpanRow[] }>();
  for (const row of rows) {
    const key = JSON.stringify(row.resource);
    const group = byResource.get(key) ?? { resource: row.resource, spans: [] };
    group.spans.push(row);
    byResource.set(key, group);
  }
  const resourceSpans = [...byResource.values()].map((group) => ({
    resource: { attributes: attributesToKeyValuesJson(group.resource) },
    scopeSpans: [{ scope: { name: 'lumina-export' }, spans: group.spans.map(otlpSpan) }],
  }));
  return `${JSON.stringify({ resourceSpans })}\n`;
}
