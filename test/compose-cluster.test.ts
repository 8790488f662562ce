/**
 * docker-compose.yml's `cluster` profile (no Docker here: the file is read as Compose reads it):
 * three JetStream servers routed to each other under one cluster name, and the services told
 * to use them through LUMINA_NATS_URL / LUMINA_NATS_STREAM_REPLICAS.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadIngestConfig } from '@lumina/ingest';
import { loadProcessorConfig } from '@lumina/processors';

interface Service {
  profiles?: string[];
  command?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string; required?: boolean }>;
}
const root = join(import.meta.dirname, '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const nodes = ['nats-1', 'nats-2', 'nats-3'];

/** The value after `flag` in a nats-server command line. */
const flag = (service: Service, name: string) => service.command![service.command!.indexOf(name) + 1];
/** Compose's `${NAME:-default}` with NAME taken from `env`. */
const interpolate = (value: string, env: Record<string, string>) => value.replace(/\$\{(\w+):-([^}]*)\}/g, (_, name: string, fallback: string) => env[name] || fallback);

describe("docker-compose.yml's cluster profile", () => {
  it('runs three JetStream servers, each named, stored in its own volume and routed to the other two', () => {
    for (const name of nodes) {
      const node = compose.services[name]!;
      expect(node.profiles).toEqual(['cluster']);
      expect(node.command).toContain('-js');
      expect(flag(node, '--server_name')).toBe(name);
      expect(flag(node, '--cluster_name')).toBe('lumina');
      expect(flag(node, '--cluster')).toBe('nats://0.0.0.0:6222');
      const routes = flag(node, '--routes')!.split(',');
      expect(routes.sort()).toEqual(nodes.filter((other) => other !== name).map((other) => `nats://${other}:6222`));
      expect(node.volumes).toEqual([`${name}-data:/data`]);
    }
  });

  it('leaves the default stack on the single server, and points ingest and processors at the cluster when asked', () => {
    const env = compose.services.processors!.environment!;
    const single = { NATS_URL: interpolate(env.NATS_URL!, {}), NATS_STREAM_REPLICAS: interpolate(env.NATS_STREAM_REPLICAS!, {}) };
    expect(single.NATS_URL).toBe('nats://nats:4222');
    expect(loadProcessorConfig(single).NATS_STREAM_REPLICAS).toBeUndefined();

    const asked = { LUMINA_NATS_URL: nodes.map((node) => `nats://${node}:4222`).join(','), LUMINA_NATS_STREAM_REPLICAS: '3' };
    for (const service of ['ingest', 'processors']) {
      const own = compose.services[service]!;
      const config = loadIngestConfig({ NATS_URL: interpolate(own.environment!.NATS_URL!, asked), NATS_STREAM_REPLICAS: interpolate(own.environment!.NATS_STREAM_REPLICAS!, asked) });
      expect(config.NATS_URL.split(',')).toEqual(nodes.map((node) => `nats://${node}:4222`));
      expect(config.NATS_STREAM_REPLICAS).toBe(3);
      for (const node of nodes) expect(own.depends_on?.[node]).toEqual({ condition: 'service_healthy', required: false });
    }
  });
});
