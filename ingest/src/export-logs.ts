import { decodeLogsRequest, dropLogRecordsOfTraces, encodeLogsRequest, keepGenAiEventRecords, logsRequestFromOtlpJson } from '@lumina/proto';
import type { ExportLogsServiceRequest } from '@lumina/proto';
import { dropLogRecordsNestedTooDeep, MAX_ATTRIBUTE_DEPTH } from './value-depth.js';
import { IngestError } from './errors.js';
import type { ExportDeps, OtlpEncoding } from './export-traces.js';
import type { SpanQueue } from './queue.js';

/** What ingest did with one logs export. */
export interface AcceptedLogs {
  acceptedLogRecords: number;
  /** refused (OTLP partial success): records of new traces over the daily limit */
  rejectedLogRecords: number;
  /** valid records Lumina has no use for (not a gen_ai event, or tied to no span): acknowledged, not stored */
  ignoredLogRecords: number;
  rejectionReason: string;
}

/** What the logs path needs besides the traces path's dependencies. */
export interface LogsExportDeps extends ExportDeps {
  logsQueue: SpanQueue;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function decode(body: Uint8Array, encoding: OtlpEncoding): ExportLogsServiceRequest {
  if (encoding === 'protobuf') {
    try {
      return decodeLogsRequest(body);
    } catch (error) {
      throw new IngestError('invalid_protobuf', `the body is not an OTLP ExportLogsServiceRequest: ${reason(error)}`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    throw new IngestError('invalid_json', `the body is not valid JSON: ${reason(error)}`);
  }
  try {
    return logsRequestFromOtlpJson(parsed);
  } catch (error) {
    throw new IngestError('invalid_json', `the body is not an OTLP/JSON ExportLogsServiceRequest: ${reason(error)}`);
  }
}

/**
 * The logs path, like the traces path: validate, keep the gen_ai events tied to a span (the rest
 * is acknowledged and not stored: nothing would read it), admit them under the project's daily
 * trace limit (a trace counts once whether its spans or its events come first), publish on the
 * logs subject, and only then report success. The payload goes whole when it fits the server's
 * message limit; otherwise in halves (records of one export are independent).
 */
export async function exportLogs(body: Uint8Array, encoding: OtlpEncoding, projectId: string, deps: LogsExportDeps): Promise<AcceptedLogs> {
  const request = decode(body, encoding);
  // A protobuf body that decoded is within the decoder's depth; only OTLP/JSON can nest deeper.
  const tooDeep = encoding === 'protobuf' ? 0 : dropLogRecordsNestedTooDeep(request);
  const tooDeepReason = tooDeep === 0 ? '' : `${tooDeep} log record(s) had a body or attributes nested deeper than ${MAX_ATTRIBUTE_DEPTH} levels`;
  const { kept, dropped, traceIds } = keepGenAiEventRecords(request);
  deps.metrics.logRecordsIgnored.inc(dropped);
  let accepted: AcceptedLogs = { acceptedLogRecords: kept, rejectedLogRecords: tooDeep, ignoredLogRecords: dropped, rejectionReason: tooDeepReason };
  if (kept === 0) return accepted;
  const nowMs = deps.now();
  const { refused, limit, resetAt } = await deps.limiter.admit(projectId, traceIds, nowMs);
  if (refused.size > 0) {
    const refusedRecords = dropLogRecordsOfTraces(request, refused);
    const why = `the daily limit of ${limit} traces for project ${projectId} is reached; it resets at ${resetAt.toISOString()}`;
    deps.metrics.logRecordsOverLimit.inc(refusedRecords);
    if (refusedRecords === kept) throw new IngestError('daily_limit_exceeded', why, Math.max(1, Math.ceil((resetAt.getTime() - nowMs) / 1000)));
    accepted = {
      ...accepted,
      acceptedLogRecords: kept - refusedRecords,
      rejectedLogRecords: tooDeep + refusedRecords,
      rejectionReason: [tooDeepReason, `${refusedRecords} log record(s) of ${refused.size} new trace(s): ${why}`].filter(Boolean).join('; '),
    };
  }
  const payload = dropped === 0 && refused.size === 0 && encoding === 'protobuf' ? body : encodeLogsRequest(request);
  await publishLogs(request, payload, projectId, deps.logsQueue);
  deps.metrics.logRecordsAccepted.inc(accepted.acceptedLogRecords);
  return accepted;
}

/** Publishes whole, or split by resource, scope and record halves until each part fits. */
async function publishLogs(request: ExportLogsServiceRequest, payload: Uint8Array, projectId: string, queue: SpanQueue): Promise<void> {
  const limit = queue.maxPayloadBytes();
  if (payload.length <= limit) {
    await queue.publish(payload, projectId);
    return;
  }
  const parts = halves(request);
  if (parts === null) throw new IngestError('payload_too_large', `a single log record is larger than the queue's message limit of ${limit} bytes`);
  for (const part of parts) await publishLogs(part, encodeLogsRequest(part), projectId, queue);
}

function halves(request: ExportLogsServiceRequest): [ExportLogsServiceRequest, ExportLogsServiceRequest] | null {
  const flat = request.resourceLogs.flatMap((resourceLogs) =>
    resourceLogs.scopeLogs.flatMap((scopeLogs) => scopeLogs.logRecords.map((record) => ({ resourceLogs, scopeLogs, record }))),
  );
  if (flat.length < 2) return null;
  const half = Math.ceil(flat.length / 2);
  const rebuild = (items: typeof flat): ExportLogsServiceRequest => ({
    ...request,
    resourceLogs: items.map(({ resourceLogs, scopeLogs, record }) => ({ ...resourceLogs, scopeLogs: [{ ...scopeLogs, logRecords: [record] }] })),
  });
  return [rebuild(flat.slice(0, half)), rebuild(flat.slice(half))];
}
