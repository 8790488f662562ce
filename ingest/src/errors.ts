import { LuminaError } from '@lumina/core';

export type IngestErrorCode =
  | 'invalid_protobuf'
  | 'invalid_json'
  | 'invalid_gzip'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unsupported_encoding'
  | 'queue_unavailable'
  | 'queue_full'
  | 'daily_limit_exceeded'
  | 'unauthenticated'
  | 'permission_denied'
  | 'auth_unavailable'
  | 'not_found';

/** An error ingest answers with; the code decides the HTTP and gRPC status (see status-map.ts). */
export class IngestError extends LuminaError {
  constructor(
    override readonly code: IngestErrorCode,
    message: string,
    /** seconds the client should wait (HTTP Retry-After); the service default when unset */
    readonly retryAfterSeconds?: number,
  ) {
    super(code, message);
  }
}
