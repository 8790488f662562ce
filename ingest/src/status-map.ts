import { status as GrpcStatus } from '@grpc/grpc-js';
import type { IngestErrorCode } from './errors.js';

interface StatusPair {
  http: 400 | 401 | 403 | 404 | 413 | 415 | 429 | 503;
  grpc: GrpcStatus;
}

/** OTLP status codes, so standard exporters retry exactly when they should (API.md "Ingest"). */
/** Codes that ask the client to come back later (HTTP Retry-After, gRPC retry). */
export const RETRYABLE_CODES: ReadonlySet<IngestErrorCode> = new Set(['queue_unavailable', 'queue_full', 'daily_limit_exceeded', 'auth_unavailable']);

export const INGEST_STATUS: Record<IngestErrorCode, StatusPair> = {
  invalid_protobuf: { http: 400, grpc: GrpcStatus.INVALID_ARGUMENT },
  invalid_json: { http: 400, grpc: GrpcStatus.INVALID_ARGUMENT },
  invalid_gzip: { http: 400, grpc: GrpcStatus.INVALID_ARGUMENT },
  unsupported_encoding: { http: 415, grpc: GrpcStatus.INVALID_ARGUMENT },
  payload_too_large: { http: 413, grpc: GrpcStatus.RESOURCE_EXHAUSTED },
  unsupported_media_type: { http: 415, grpc: GrpcStatus.INVALID_ARGUMENT },
  queue_unavailable: { http: 503, grpc: GrpcStatus.UNAVAILABLE },
  queue_full: { http: 503, grpc: GrpcStatus.UNAVAILABLE },
  daily_limit_exceeded: { http: 429, grpc: GrpcStatus.RESOURCE_EXHAUSTED },
  unauthenticated: { http: 401, grpc: GrpcStatus.UNAUTHENTICATED },
  permission_denied: { http: 403, grpc: GrpcStatus.PERMISSION_DENIED },
  auth_unavailable: { http: 503, grpc: GrpcStatus.UNAVAILABLE },
  not_found: { http: 404, grpc: GrpcStatus.UNIMPLEMENTED },
};
