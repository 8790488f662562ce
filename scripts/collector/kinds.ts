import { join } from 'node:path';

import { CollectorError } from './errors.js';
import { configDir, manifestsDir } from './paths.js';

/**
 * The two collectors: both run the same selection, they differ in the route to Lumina. `stock`
 * forwards to ingest over OTLP/HTTP; `nats` (with our exporter, collector-config/natsexporter)
 * publishes to JetStream itself.
 */
export const collectorKinds = {
  stock: {
    manifest: join(manifestsDir, 'stock.yaml'),
    binaryName: 'otelcol-lumina-stock',
    routeConfig: join(configDir, 'lumina-otlp.yaml'),
  },
  nats: {
    manifest: join(manifestsDir, 'nats.yaml'),
    binaryName: 'otelcol-lumina-nats',
    routeConfig: join(configDir, 'lumina-nats.yaml'),
  },
} as const;

export type CollectorKind = keyof typeof collectorKinds;

/**
 * Dual-export backends, selected by LUMINA_COLLECTOR_BACKEND. `builtIn: false` marks an
 * overlay whose components only the official otelcol-contrib image has.
 */
export const backends = {
  none: { overlay: null, builtIn: true },
  otlp: { overlay: join(configDir, 'backend-otlp.yaml'), builtIn: true },
  tempo: { overlay: join(configDir, 'backend-tempo.yaml'), builtIn: true },
  'grafana-cloud': { overlay: join(configDir, 'backend-grafana-cloud.yaml'), builtIn: true },
  datadog: { overlay: join(configDir, 'backend-datadog.yaml'), builtIn: false },
} as const;

export type BackendName = keyof typeof backends;

/** Loopback placeholders for the variables backend overlays require, so `otelcol validate` sees complete configs. */
export const backendPlaceholderEnv: Record<string, string> = {
  LUMINA_BACKEND_OTLP_ENDPOINT: 'http://127.0.0.1:14318',
  TEMPO_OTLP_ENDPOINT: 'http://127.0.0.1:14318',
  GRAFANA_CLOUD_OTLP_ENDPOINT: 'http://127.0.0.1:14318',
  GRAFANA_CLOUD_OTLP_AUTH: 'cGxhY2Vob2xkZXI6cGxhY2Vob2xkZXI=',
};

const sharedPipelineConfig = join(configDir, 'pipeline.yaml');

export function parseKind(value: string | undefined): CollectorKind {
  if (value && value in collectorKinds) return value as CollectorKind;
  throw new CollectorError('unknown_kind', `collector kind must be one of: ${Object.keys(collectorKinds).join(', ')} (got ${value ?? 'nothing'})`);
}

export function parseBackend(value: string | undefined): BackendName {
  const name = value === undefined || value === '' ? 'none' : value;
  if (name in backends) return name as BackendName;
  throw new CollectorError('unknown_backend', `LUMINA_COLLECTOR_BACKEND must be one of: ${Object.keys(backends).join(', ')} (got ${name})`);
}

/**
 * The --config files, in merge order: shared pipeline, route to Lumina, then the backend
 * overlay. The collector deep-merges maps; later files win.
 */
export function configFilesFor(kind: CollectorKind, backend: BackendName = 'none'): string[] {
  const overlay = backends[backend].overlay;
  return [sharedPipelineConfig, collectorKinds[kind].routeConfig, ...(overlay ? [overlay] : [])];
}
