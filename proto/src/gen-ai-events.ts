import { isJoinableGenAiEvent, keyEvents, logRecordEventName, type GenAiLogEvent } from '@lumina/core';
import type { ExportLogsServiceRequest } from './gen/opentelemetry/proto/collector/logs/v1/logs_service_pb.js';
import type { LogRecord } from './gen/opentelemetry/proto/logs/v1/logs_pb.js';
import { anyValueToJson, keyValuesToAttributes } from './attributes.js';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** The record's event name and attributes, or null when it is no joinable gen_ai event. */
function joinable(record: LogRecord): { name: string; traceId: string; spanId: string } | null {
  let name = record.eventName;
  if (name === '') {
    const attribute = record.attributes.find((pair) => pair.key === 'event.name')?.value?.value;
    name = attribute?.case === 'stringValue' ? attribute.value : '';
  }
  const traceId = hex(record.traceId);
  const spanId = hex(record.spanId);
  return isJoinableGenAiEvent(name, traceId, spanId) ? { name, traceId, spanId } : null;
}

/**
 * Keeps only the log records Lumina can use, gen_ai events tied to a span, in place; returns how
 * many were kept and dropped, and the trace ids of those kept.
 */
export function keepGenAiEventRecords(request: ExportLogsServiceRequest): { kept: number; dropped: number; traceIds: Set<string> } {
  let kept = 0;
  let dropped = 0;
  const traceIds = new Set<string>();
  for (const resourceLogs of request.resourceLogs) {
    for (const scopeLogs of resourceLogs.scopeLogs) {
      const keep = scopeLogs.logRecords.filter((record) => {
        const event = joinable(record);
        if (event !== null) traceIds.add(event.traceId);
        return event !== null;
      });
      dropped += scopeLogs.logRecords.length - keep.length;
      kept += keep.length;
      if (keep.length !== scopeLogs.logRecords.length) scopeLogs.logRecords = keep;
    }
    resourceLogs.scopeLogs = resourceLogs.scopeLogs.filter((scopeLogs) => scopeLogs.logRecords.length > 0);
  }
  request.resourceLogs = request.resourceLogs.filter((resourceLogs) => resourceLogs.scopeLogs.length > 0);
  return { kept, dropped, traceIds };
}

/** Removes the records of the given traces (refused by the daily limit) in place; returns how many went. */
export function dropLogRecordsOfTraces(request: ExportLogsServiceRequest, traces: ReadonlySet<string>): number {
  let dropped = 0;
  for (const resourceLogs of request.resourceLogs) {
    for (const scopeLogs of resourceLogs.scopeLogs) {
      const keep = scopeLogs.logRecords.filter((record) => !traces.has(hex(record.traceId)));
      dropped += scopeLogs.logRecords.length - keep.length;
      scopeLogs.logRecords = keep;
    }
  }
  return dropped;
}

/** The gen_ai events of a logs export, keyed (core's keyEvents), in export order. Other records are skipped. */
export function genAiEventsOfLogsRequest(request: ExportLogsServiceRequest): GenAiLogEvent[] {
  const events: Omit<GenAiLogEvent, 'key' | 'position'>[] = [];
  for (const resourceLogs of request.resourceLogs) {
    for (const scopeLogs of resourceLogs.scopeLogs) {
      for (const record of scopeLogs.logRecords) {
        const event = joinable(record);
        if (event === null) continue;
        const attributes = keyValuesToAttributes(record.attributes);
        delete attributes['event.name'];
        const time = record.timeUnixNano !== 0n ? record.timeUnixNano : record.observedTimeUnixNano;
        events.push({
          ...event,
          name: logRecordEventName(event.name, {}),
          timeUnixNano: time.toString(),
          attributes,
          body: record.body === undefined ? null : anyValueToJson(record.body),
        });
      }
    }
  }
  return keyEvents(events);
}
