import type { AnyValue, ExportLogsServiceRequest, ExportTraceServiceRequest, KeyValue } from '@lumina/proto';

/**
 * How deep attribute values may nest (an array or key/value list inside another counts one
 * level). The protobuf decoder stops at 100 message levels; a span sits 4 levels down and each
 * nested value takes 2 (AnyValue → ArrayValue/KeyValueList → AnyValue), so 32 keeps every
 * accepted span decodable by the processors with room to spare. OTLP/JSON has no such limit
 * of its own: without this a JSON export could be accepted and then fail to be stored.
 */
export const MAX_ATTRIBUTE_DEPTH = 32;

function valueDepth(value: AnyValue | undefined, limit: number): number {
  const v = value?.value;
  if (v?.case === 'arrayValue') return 1 + maxDepth(v.value.values, limit - 1);
  if (v?.case === 'kvlistValue') return 1 + maxDepth(v.value.values.map((pair) => pair.value), limit - 1);
  return 0;
}

/** The deepest nesting among the values, stopping early once it passes the limit. */
function maxDepth(values: (AnyValue | undefined)[], limit: number): number {
  let deepest = 0;
  for (const value of values) {
    deepest = Math.max(deepest, valueDepth(value, limit));
    if (deepest > limit) break;
  }
  return deepest;
}

const tooDeep = (attributes: KeyValue[]) => maxDepth(attributes.map((pair) => pair.value), MAX_ATTRIBUTE_DEPTH) > MAX_ATTRIBUTE_DEPTH;

/**
 * Drops the spans whose attributes (their own, their events' or links', or their resource's or
 * scope's) nest deeper than MAX_ATTRIBUTE_DEPTH; returns how many were dropped.
 */
export function dropSpansNestedTooDeep(request: ExportTraceServiceRequest): number {
  let dropped = 0;
  for (const resourceSpans of request.resourceSpans) {
    const resourceTooDeep = tooDeep(resourceSpans.resource?.attributes ?? []);
    for (const scopeSpans of resourceSpans.scopeSpans) {
      const scopeTooDeep = resourceTooDeep || tooDeep(scopeSpans.scope?.attributes ?? []);
      const kept = scopeSpans.spans.filter(
        (span) => !scopeTooDeep && !tooDeep(span.attributes) && !span.events.some((event) => tooDeep(event.attributes)) && !span.links.some((link) => tooDeep(link.attributes)),
      );
      dropped += scopeSpans.spans.length - kept.length;
      if (kept.length !== scopeSpans.spans.length) scopeSpans.spans = kept;
    }
  }
  return dropped;
}

/**
 * Drops the log records whose body or attributes (or their resource's or scope's attributes)
 * nest deeper than MAX_ATTRIBUTE_DEPTH; returns how many were dropped.
 */
export function dropLogRecordsNestedTooDeep(request: ExportLogsServiceRequest): number {
  let dropped = 0;
  for (const resourceLogs of request.resourceLogs) {
    const resourceTooDeep = tooDeep(resourceLogs.resource?.attributes ?? []);
    for (const scopeLogs of resourceLogs.scopeLogs) {
      const scopeTooDeep = resourceTooDeep || tooDeep(scopeLogs.scope?.attributes ?? []);
      const kept = scopeLogs.logRecords.filter(
        (record) => !scopeTooDeep && !tooDeep(record.attributes) && maxDepth([record.body], MAX_ATTRIBUTE_DEPTH) <= MAX_ATTRIBUTE_DEPTH,
      );
      dropped += scopeLogs.logRecords.length - kept.length;
      if (kept.length !== scopeLogs.logRecords.length) scopeLogs.logRecords = kept;
    }
  }
  return dropped;
}
