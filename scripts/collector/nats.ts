import { CollectorError } from './errors.js';

/**
 * The NATS exporter the "nats" collector needs: exporter/natsexporter of
 * github.com/synadia-io/opentelemetry-collector-nats, pinned in manifests/nats.yaml and the
 * Dockerfile to this commit (the repository has no tagged versions).
 */
export const NATS_EXPORTER_MODULE = 'github.com/synadia-io/opentelemetry-collector-nats/exporter/natsexporter';
export const NATS_EXPORTER_COMMIT = '7e957a2c95d06dc233ee6bebb237d72a51bb6035';

/**
 * Why the nats collector cannot be built here. We build collectors only from upstream Go
 * modules through the module proxy, never from a local or patched checkout, and neither
 * obstacle below can be worked around within that rule.
 */
export const NATS_COLLECTOR_UNAVAILABLE =
  'the nats collector cannot be built here:\n' +
  `  - its exporter, ${NATS_EXPORTER_MODULE}, is not on the Go module proxy: the proxy answers ` +
  '403 "This module version is not available" for every version, the pinned commit ' +
  `${NATS_EXPORTER_COMMIT.slice(0, 12)} included (the repository publishes no module versions);\n` +
  '  - and at that commit upstream does not compile with the OTTL of contrib 0.159 and later ' +
  '(it uses the by-value ottlspan.TransformContext API; tail_sampling 0.161, which the LLM ' +
  'selection needs, brings the pointer-based one).\n' +
  'Use the stock collector (ingest publishes to JetStream); see collector-config/README.md, "The nats collector".';

export function natsCollectorUnavailable(): CollectorError {
  return new CollectorError('nats_unavailable', NATS_COLLECTOR_UNAVAILABLE);
}
