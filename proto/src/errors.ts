/**
 * Typed errors of `@lumina/proto`. Same shape as `LuminaError` in `@lumina/core`
 * (a stable snake_case `code` plus a message), so services map them to HTTP/gRPC
 * statuses in one place without this package depending on core.
 */

/** Bytes that are not a valid protobuf encoding of the expected OTLP message. */
export class ProtoDecodeError extends Error {
  readonly code = 'invalid_protobuf' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProtoDecodeError';
  }
}

/**
 * OTLP/JSON that cannot be turned into the expected OTLP message: not JSON, not an
 * object, or a field of the wrong type (for example a trace id that is not 32 hex
 * characters). `path` names the offending field, e.g. `resourceSpans[0].scopeSpans[1].spans[2].traceId`.
 */
export class OtlpJsonError extends Error {
  readonly code = 'invalid_json' as const;
  /** Where in the document the problem is; empty for the document itself. */
  path: string;
  /** The problem without its location. */
  readonly reason: string;

  constructor(reason: string, path = '', options?: { cause?: unknown }) {
    super(describe(reason, path), options);
    this.name = 'OtlpJsonError';
    this.reason = reason;
    this.path = path;
  }

  /** Prefixes the path while the error unwinds, so paths cost nothing on the happy path. */
  withParent(segment: string): this {
    this.path = this.path === '' || this.path.startsWith('[') ? segment + this.path : `${segment}.${this.path}`;
    this.message = describe(this.reason, this.path);
    return this;
  }
}

function describe(reason: string, path: string): string {
  return path === '' ? `invalid OTLP/JSON: ${reason}` : `invalid OTLP/JSON at ${path}: ${reason}`;
}
