/** Stable codes callers can switch on. */
export type CollectorErrorCode =
  | 'go_missing'
  | 'ocb_install_failed'
  | 'build_failed'
  | 'unknown_kind'
  | 'unknown_backend'
  | 'backend_not_built_in'
  | 'start_failed';

export class CollectorError extends Error {
  override readonly name = 'CollectorError';
  constructor(
    readonly code: CollectorErrorCode,
    message: string,
  ) {
    super(message);
  }
}
