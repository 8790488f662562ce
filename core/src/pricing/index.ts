export { createPricer, type Pricer, type PricerCacheStats, type PricerOptions, type SpanCostInput } from './pricer.js';
export { DEFAULT_PRICE_OVERRIDES, PriceOverrideSchema, type PriceOverride } from './overrides.js';
export { PROVIDER_ALIASES, catalogProviderId } from './provider-aliases.js';
export { PricingError, type PricingErrorCode } from './errors.js';
