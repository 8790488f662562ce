export { createPricer, overridesVersion, type Pricer, type PricerCacheStats, type PricerOptions, type PriceSource, type SpanCostInput, type SpanPrice } from './pricer.js';
export { DEFAULT_PRICE_OVERRIDES, PriceOverrideSchema, type PriceOverride } from './overrides.js';
export { PROVIDER_ALIASES, catalogProviderId, semconvProviderName } from './provider-aliases.js';
export { PricingError, type PricingErrorCode } from './errors.js';
