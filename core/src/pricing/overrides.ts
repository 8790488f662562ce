/**
 * Our own price table, for models the catalog lacks or prices wrongly. The bundled
 * table is `core/pricing-overrides.json`; entries are data, checked once at start-up.
 */
import { z } from 'zod';
import bundledOverrides from '../../pricing-overrides.json' with { type: 'json' };
import { PricingError } from './errors.js';
import type { PriceSchedule } from './price-schedule.js';
import { catalogProviderId } from './provider-aliases.js';

const perMtok = z.number().finite().nonnegative();

/** One override row, as written in `pricing-overrides.json`. Prices are USD per million tokens. */
export const PriceOverrideSchema = z.strictObject({
  /** catalog provider id or any alias of it (`aws`, `aws.bedrock`); absent: any provider */
  provider: z.string().min(1).optional(),
  /** compared case-insensitively with the model name, also without its `provider/` path or Bedrock region */
  model: z.string().min(1),
  /** `prefix` covers dated snapshots and version suffixes (`…-2404`, `…-v1:0`); default `exact` */
  match: z.enum(['exact', 'prefix']).optional(),
  input_per_mtok: perMtok,
  output_per_mtok: perMtok,
  /** absent: cache reads cost the input price */
  cache_read_per_mtok: perMtok.optional(),
  /** absent: cache writes cost the input price */
  cache_write_per_mtok: perMtok.optional(),
  /** where the price comes from, for the reviewer */
  source: z.string().optional(),
});

export type PriceOverride = z.infer<typeof PriceOverrideSchema>;

/** The rows of `core/pricing-overrides.json`, the default of `createPricer`. */
export const DEFAULT_PRICE_OVERRIDES: readonly PriceOverride[] = bundledOverrides as PriceOverride[];

/** An override ready to match: lower-cased, provider mapped to a catalog id. */
export interface CompiledOverride {
  providerId: string | null;
  model: string;
  prefix: boolean;
  schedule: PriceSchedule;
}

/** Validates override rows; throws `PricingError('invalid_price_override')` naming the bad row. */
export function compileOverrides(rows: readonly unknown[]): CompiledOverride[] {
  return rows.map((row, index) => {
    const parsed = PriceOverrideSchema.safeParse(row);
    if (!parsed.success) {
      const reason = z.prettifyError(parsed.error);
      throw new PricingError('invalid_price_override', `price override #${index}: ${reason}`, row);
    }
    const o = parsed.data;
    const rates = {
      inputPerMtok: o.input_per_mtok,
      outputPerMtok: o.output_per_mtok,
      cacheReadPerMtok: o.cache_read_per_mtok,
      cacheWritePerMtok: o.cache_write_per_mtok,
      tokenPriced: true,
    };
    return {
      providerId: o.provider === undefined ? null : catalogProviderId(o.provider),
      model: o.model.trim().toLowerCase(),
      prefix: o.match === 'prefix',
      schedule: { entries: [{ window: { kind: 'always' }, rates }] },
    };
  });
}

/** The first override (in table order) for this provider and any of the model's spellings. */
export function matchOverride(
  overrides: readonly CompiledOverride[],
  providerId: string | null,
  names: readonly string[],
): CompiledOverride | null {
  for (const o of overrides) {
    if (o.providerId !== null && o.providerId !== providerId) continue;
    for (const name of names) {
      if (o.prefix ? name.startsWith(o.model) : name === o.model) return o;
    }
  }
  return null;
}
