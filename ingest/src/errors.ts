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
  | 'not_found';

/** An error ingest answers with; the code decides the HTTP and gRPC status (see status-map.ts). */
export class IngestError extends LuminaError {
  constructor(
    override readonly code: IngestErrorCode,
    message: string,
  ) {
    super(code, message);
  }
}
