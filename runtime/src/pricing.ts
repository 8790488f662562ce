/**
 * The price tables a process prices with: the bundled catalog and either the bundled
 * override rows or those of `PRICE_OVERRIDES_FILE`, with the versions each priced span
 * records (the catalog package's version, the override file's hash).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createPricer, DEFAULT_PRICE_OVERRIDES, overridesVersion, type Pricer, type PriceOverride } from '@lumina/core';
import { z } from 'zod';

/** `PRICE_OVERRIDES_FILE`: a JSON array of override rows (core/pricing-overrides.json's shape) used instead of the bundled ones. */
export const PRICE_ENV = { PRICE_OVERRIDES_FILE: z.string().optional() };

/** `@pydantic/genai-prices@<installed version>`. */
export function catalogVersion(): string {
  // The package's exports map hides its package.json; find it beside its entry point.
  const require = createRequire(join(dirname(createRequire(import.meta.url).resolve('@lumina/core')), 'pricing', 'catalog.ts'));
  let directory = dirname(require.resolve('@pydantic/genai-prices'));
  for (let i = 0; i < 4; i++, directory = dirname(directory)) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === '@pydantic/genai-prices') return `${manifest.name}@${manifest.version}`;
    } catch {
      // not this folder
    }
  }
  return '@pydantic/genai-prices';
}

/** The override rows of the file, or the bundled ones; throws with the path when the file is unreadable. */
export function loadPriceOverrides(file: string | undefined): readonly PriceOverride[] {
  if (file === undefined || file === '') return DEFAULT_PRICE_OVERRIDES;
  const rows = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(rows)) throw new Error(`PRICE_OVERRIDES_FILE ${file} must hold a JSON array of price rows`);
  return rows as PriceOverride[];
}

/** A pricer over the configured tables, recording their versions. */
export function configuredPricer(config: { PRICE_OVERRIDES_FILE?: string | undefined }): Pricer {
  const overrides = loadPriceOverrides(config.PRICE_OVERRIDES_FILE);
  return createPricer({ overrides, overridesVersion: overridesVersion(overrides), catalogVersion: catalogVersion() });
}
