import type { ReadableLogRecord, LogRecordExporter } from '@opentelemetry/sdk-logs';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Transport } from './otel.js';

/** The official OpenTelemetry log exporter for a transport, pointed at a local receiver. */
export function otlpLogExporter(transport: Transport, ports: { grpcPort: number; httpPort: number }, gzip = false): LogRecordExporter {
  const compression = gzip ? ('gzip' as never) : ('none' as never);
  switch (transport) {
    case 'grpc':
      return new GrpcLogExporter({ url: `http://127.0.0.1:${ports.grpcPort}`, compression, timeoutMillis: 10_000 });
    case 'http/protobuf':
      return new ProtoLogExporter({ url: `http://127.0.0.1:${ports.httpPort}/v1/logs`, compression, timeoutMillis: 10_000 });
    case 'http/json':
      return new JsonLogExporter({ url: `http://127.0.0.1:${ports.httpPort}/v1/logs`, compression, timeoutMillis: 10_000 });
  }
}

/** Exports once through a real exporter; rejects when the receiver refused. */
export function exportOnce<T>(exporter: { export(items: T[], done: (result: { code: number; error?: Error }) => void): void }, items: T[]): Promise<void> {
  return new Promise((resolve, reject) =>
    exporter.export(items, (result) => (result.code === 0 ? resolve() : reject(result.error ?? new Error(`export result ${result.code}`)))),
  );
}

export const exportSpans = (exporter: SpanExporter, spans: ReadableSpan[]) => exportOnce(exporter, spans);
export const exportLogRecords = (exporter: LogRecordExporter, records: ReadableLogRecord[]) => exportOnce(exporter, records);
