import { readFileSync } from 'node:fs';

import { parse } from 'yaml';

export type ConfigMap = { [key: string]: ConfigValue };
export type ConfigValue = string | number | boolean | null | ConfigValue[] | ConfigMap;

/**
 * Loads config files the way the collector merges several --config: maps merge key by
 * key, anything else (scalars, lists) is replaced by the later file.
 */
export function loadLayered(files: string[]): ConfigMap {
  return files.reduce<ConfigMap>((merged, file) => mergeMaps(merged, parse(readFileSync(file, 'utf8')) as ConfigMap), {});
}

function mergeMaps(base: ConfigMap, overlay: ConfigMap): ConfigMap {
  const merged: ConfigMap = { ...base };
  for (const [key, value] of Object.entries(overlay ?? {})) {
    const previous = merged[key];
    merged[key] = isMap(previous) && isMap(value) ? mergeMaps(previous, value) : value;
  }
  return merged;
}

export function isMap(value: unknown): value is ConfigMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows a dotted path of map keys (keys may contain '/'). */
export function at(config: ConfigValue | undefined, ...path: string[]): ConfigValue | undefined {
  let value: ConfigValue | undefined = config;
  for (const key of path) value = isMap(value) ? value[key] : undefined;
  return value;
}

export function keysOf(value: ConfigValue | undefined): string[] {
  return isMap(value) ? Object.keys(value) : [];
}

const ENV_REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** Every ${env:NAME} reference in the config, with its default when it has one. */
export function envReferences(config: ConfigValue): Map<string, string | undefined> {
  const references = new Map<string, string | undefined>();
  const visit = (value: ConfigValue) => {
    if (typeof value === 'string') for (const match of value.matchAll(ENV_REFERENCE)) references.set(match[1]!, match[2]);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (isMap(value)) Object.values(value).forEach(visit);
  };
  visit(config);
  return references;
}

/** The value a string takes with every variable at its default (or `env` when given). */
export function withDefaults(value: ConfigValue | undefined, env: Record<string, string> = {}): string {
  return String(value ?? '').replace(ENV_REFERENCE, (_, name: string, fallback: string | undefined) => env[name] ?? fallback ?? '');
}
