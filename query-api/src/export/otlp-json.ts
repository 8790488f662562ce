import type { SpanRow } from '../sql/columns.js';

/**
 * Stored spans as OTLP/JSON (an ExportTraceServiceRequest per batch, the line format of
 * the collector's file exporter): hex ids, int enums, int64 as strings, original
 * attributes and resource. Lumina's own results ride along as `lumina.*` attributes.
 */
type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: AnyValue[] } }
  | { kvlistValue: { values: KeyValue[] } };
interface KeyValue {
  key: string;
  value: AnyValue;
}

const SPAN_KIND: Record<string, number> = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
const STATUS_CODE: Record<string, number> = { ok: 0, degraded: 0, error: 2 };

function anyValue(value: unknown): AnyValue | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue).filter((item): item is AnyValue => item !== null) } };
  if (typeof value === 'object') return { kvlistValue: { values: keyValues(value as Record<string, unknown>) } };
  return { stringValue: String(value) };
}

function keyValues(attributes: Record<string, unknown>): KeyValue[] {
  return Object.entries(attributes).flatMap(([key, raw]) => {
    const value = anyValue(raw);
    return value === null ? [] : [{ key, value }];
  });
}

function luminaAttributes(row: SpanRow): KeyValue[] {
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
    attributes: [...keyValues(row.attributes).filter((attribute) => !attribute.key.startsWith('lumina.')), ...luminaAttributes(row)],
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
    resource: { attributes: keyValues(group.resource) },
    scopeSpans: [{ scope: { name: 'lumina-export' }, spans: group.spans.map(otlpSpan) }],
  }));
  return `${JSON.stringify({ resourceSpans })}\n`;
}
