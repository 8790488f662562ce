import { LuminaError } from '../errors.js';

/** Stable codes of {@link PricingError}. */
export type PricingErrorCode = 'invalid_price_override' | 'invalid_catalog_price';

/** A price table that cannot be used: a malformed override, or catalog data we cannot read. */
export class PricingError extends LuminaError {
  declare readonly code: PricingErrorCode;

  constructor(code: PricingErrorCode, message: string, details?: unknown) {
    super(code, message, details);
  }
}
