import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Registry } from 'prom-client';
import { createIngestMetrics } from '../ingest/src/metrics.js';
import { createProcessorMetrics } from '../processors/src/metrics.js';
import { createQueryApiMetrics } from '../query-api/src/metrics.js';

interface Panel {
  title: string;
  targets: { expr: string }[];
}

const dashboard = JSON.parse(readFileSync(new URL('../collector-config/grafana/lumina-dashboard.json', import.meta.url), 'utf8')) as {
  panels: Panel[];
};

async function exposedNames(registries: Registry[]): Promise<Set<string>> {
  const names = new Set<string>();
  for (const registry of registries) {
    for (const metric of await registry.getMetricsAsJSON()) {
      names.add(metric.name);
      if (metric.type === ('histogram' as never)) for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
    }
  }
  return names;
}

describe('the Grafana dashboard', () => {
  it('queries only metrics that the services really expose', async () => {
    const exposed = await exposedNames([createIngestMetrics().registry, createProcessorMetrics().registry, createQueryApiMetrics().registry]);
    const used = dashboard.panels.flatMap((panel) =>
      panel.targets.flatMap((target) => [...target.expr.matchAll(/\blumina_[a-z0-9_]+/g)].map((match) => ({ panel: panel.title, metric: match[0] }))),
    );
    expect(used.length).toBeGreaterThan(10);
    const missing = used.filter(({ metric }) => !exposed.has(metric));
    expect(missing).toEqual([]);
  });
});
