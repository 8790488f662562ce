/** The OTLP exporter for an endpoint: gRPC, or HTTP/protobuf for URLs ending in `/v1/traces`. */
import { Metadata } from '@grpc/grpc-js';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { LuminaError } from '../errors.js';

/** The transport an endpoint selects. */
export type OtlpTransport = 'grpc' | 'http/protobuf';

/** `http/protobuf` for a URL whose path ends in `/v1/traces`, else `grpc`. */
export function transportFor(endpoint: string): OtlpTransport {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new LuminaError('invalid_option', `endpoint is not a URL: ${endpoint}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LuminaError('invalid_option', `endpoint must be http:// or https://, got ${endpoint}`);
  }
  return url.pathname.replace(/\/+$/, '').endsWith('/v1/traces') ? 'http/protobuf' : 'grpc';
}

/** Exporter for `endpoint`, sending `headers` as HTTP headers or gRPC metadata. */
export function createOtlpExporter(endpoint: string, headers: Readonly<Record<string, string>>): SpanExporter {
  if (transportFor(endpoint) === 'http/protobuf') return new ProtoTraceExporter({ url: endpoint, headers: { ...headers } });
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(headers)) metadata.set(key.toLowerCase(), value);
  return new GrpcTraceExporter({ url: endpoint, metadata });
}
