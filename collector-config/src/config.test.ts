import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { backendPlaceholderEnv, backends, collectorKinds, configFilesFor, ensureCollector, OCB_VERSION, type BackendName, type CollectorKind } from '../../scripts/collector/index.js';
import { hashModuleSources, localModuleDirs, withAbsolutePaths } from '../../scripts/collector/local-modules.js';
import { at, envReferences, isMap, keysOf, loadLayered, withDefaults, type ConfigMap } from './testing/layered-config.js';

const kinds: CollectorKind[] = ['stock', 'nats'];
const NATS_EXPORTER_MODULE = 'github.com/lumina-observability/lumina/collector-config/natsexporter';
const backendNames = Object.keys(backends) as BackendName[];
const configSets = kinds.flatMap((kind) => backendNames.map((backend) => ({ kind, backend, config: loadLayered(configFilesFor(kind, backend)) })));

/** Variables a deployment must set: where the second backend is and how to log in. */
const REQUIRED_VARIABLES = new Set(['LUMINA_BACKEND_OTLP_ENDPOINT', 'TEMPO_OTLP_ENDPOINT', 'GRAFANA_CLOUD_OTLP_ENDPOINT', 'GRAFANA_CLOUD_OTLP_AUTH', 'DD_API_KEY']);

function pipelines(config: ConfigMap): [string, ConfigMap][] {
  return Object.entries(at(config, 'service', 'pipelines') ?? {}).filter((entry): entry is [string, ConfigMap] => isMap(entry[1]));
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

describe.each(configSets)('$kind collector with backend $backend', ({ kind, backend, config }) => {
  it('names only components the configuration defines', () => {
    const receivers = [...keysOf(config.receivers), ...keysOf(config.connectors)];
    const exporters = [...keysOf(config.exporters), ...keysOf(config.connectors)];
    for (const [name, pipeline] of pipelines(config)) {
      expect(list(pipeline.receivers), `${name} receivers`).not.toHaveLength(0);
      expect(list(pipeline.exporters), `${name} exporters`).not.toHaveLength(0);
      for (const id of list(pipeline.receivers)) expect(receivers, `${name} receiver ${id}`).toContain(id);
      for (const id of list(pipeline.processors)) expect(keysOf(config.processors), `${name} processor ${id}`).toContain(id);
      for (const id of list(pipeline.exporters)) expect(exporters, `${name} exporter ${id}`).toContain(id);
    }
    for (const id of list(at(config, 'service', 'extensions'))) expect(keysOf(config.extensions)).toContain(id);
    for (const id of keysOf(config.exporters)) {
      const storage = at(config, 'exporters', id, 'sending_queue', 'storage');
      if (storage !== undefined) expect(list(at(config, 'service', 'extensions'))).toContain(String(storage));
    }
  });

  it('defaults every variable except the second backend’s address and credentials', () => {
    for (const [name, fallback] of envReferences(config)) {
      if (fallback === undefined) expect(REQUIRED_VARIABLES, `${name} has no default`).toContain(name);
    }
  });

  it('takes the OTLP ports on loopback by default', () => {
    expect(withDefaults(at(config, 'receivers', 'otlp', 'protocols', 'grpc', 'endpoint'))).toBe('127.0.0.1:4317');
    expect(withDefaults(at(config, 'receivers', 'otlp', 'protocols', 'http', 'endpoint'))).toBe('127.0.0.1:4318');
  });

  it('sends Lumina only the traces with an LLM span, and the backend everything', () => {
    const lumina = at(config, 'service', 'pipelines', 'traces/lumina');
    expect(list(at(lumina, 'receivers'))).toEqual(['otlp']);
    expect(list(at(lumina, 'processors'))).toEqual(['memory_limiter', 'tail_sampling/llm', 'batch/lumina']);
    const policies = at(config, 'processors', 'tail_sampling/llm', 'policies');
    expect(Array.isArray(policies) && policies.map((policy) => at(policy, 'type'))).toEqual(['ottl_condition']);
    const toBackend = at(config, 'service', 'pipelines', 'traces/backend');
    if (backend === 'none') return expect(toBackend).toBeUndefined();
    expect(list(at(toBackend, 'receivers'))).toEqual(['otlp']);
    expect(list(at(toBackend, 'processors'))).not.toContain('tail_sampling/llm');
  });

  it('queues what goes to Lumina on disk and retries until it is delivered', () => {
    const route = kind === 'stock' ? 'otlp_http/lumina' : 'nats/lumina';
    expect(list(at(config, 'service', 'pipelines', 'traces/lumina', 'exporters'))).toEqual([route]);
    expect(at(config, 'exporters', route, 'sending_queue', 'enabled')).toBe(true);
    expect(at(config, 'exporters', route, 'sending_queue', 'storage')).toBe('file_storage/lumina');
    expect(at(config, 'exporters', route, 'retry_on_failure', 'enabled')).toBe(true);
    expect(withDefaults(at(config, 'exporters', route, 'retry_on_failure', 'max_elapsed_time'))).toBe('0s');
    expect(withDefaults(at(config, 'extensions', 'file_storage/lumina', 'directory'))).not.toBe('');
  });

  it('reaches Lumina where ingest and JetStream listen', () => {
    if (kind === 'stock') {
      expect(withDefaults(at(config, 'exporters', 'otlp_http/lumina', 'endpoint'))).toBe('http://127.0.0.1:9411');
      return;
    }
    // Straight to JetStream: one pipeline, no loopback hop.
    expect(pipelines(config).map(([name]) => name).filter((name) => name.startsWith('traces/lumina'))).toEqual(['traces/lumina']);
    expect(withDefaults(at(config, 'exporters', 'nats/lumina', 'url'))).toBe('nats://127.0.0.1:4222');
    expect(withDefaults(at(config, 'exporters', 'nats/lumina', 'subject'))).toBe('lumina.spans.otlp');
    expect(withDefaults(at(config, 'exporters', 'nats/lumina', 'encoding'))).toBe('otlp_proto');
    expect(withDefaults(at(config, 'exporters', 'nats/lumina', 'encoding'), { LUMINA_NATS_ENCODING: 'otlp_json' })).toBe('otlp_json');
    expect(withDefaults(at(config, 'exporters', 'nats/lumina', 'project_id'))).toBe('default');
    for (const key of ['user', 'password', 'token', 'creds_file']) expect(withDefaults(at(config, 'exporters', 'nats/lumina', 'auth', key)), key).toBe('');
  });
});

/** `<binary> validate`: the collector itself parses, type-checks and validates every component. */
function validate(binary: string, files: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(binary, ['validate', ...files.map((file) => `--config=${file}`)], { env: { ...process.env, ...env } });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

const builtInBackends = backendNames.filter((name) => backends[name].builtIn);
let storageDir = '';
beforeAll(async () => {
  storageDir = await mkdtemp(join(tmpdir(), 'lumina-collector-validate-'));
});
afterAll(async () => {
  await rm(storageDir, { recursive: true, force: true });
});

describe('the stock collector binary', () => {
  let binary = '';
  beforeAll(async () => {
    binary = await ensureCollector('stock');
  }, 20 * 60_000);

  it.each(builtInBackends)('accepts its configuration with backend %s', async (backend) => {
    const result = await validate(binary, configFilesFor('stock', backend), { ...backendPlaceholderEnv, LUMINA_COLLECTOR_STORAGE_DIR: storageDir });
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('fails fast when the backend endpoint is missing', async () => {
    const result = await validate(binary, configFilesFor('stock', 'otlp'), { LUMINA_BACKEND_OTLP_ENDPOINT: '', LUMINA_COLLECTOR_STORAGE_DIR: storageDir });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('otlp_http/backend');
  });
});

describe('the nats collector binary', () => {
  let binary = '';
  beforeAll(async () => {
    binary = await ensureCollector('nats');
  }, 20 * 60_000);

  it.each(builtInBackends)('accepts its configuration with backend %s', async (backend) => {
    const result = await validate(binary, configFilesFor('nats', backend), { ...backendPlaceholderEnv, LUMINA_COLLECTOR_STORAGE_DIR: storageDir });
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('rejects an invalid exporter setting, naming it', async () => {
    const result = await validate(binary, configFilesFor('nats'), { LUMINA_NATS_SUBJECT: 'lumina.*.otlp', LUMINA_COLLECTOR_STORAGE_DIR: storageDir });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('nats/lumina');
    expect(result.output).toContain('contains a wildcard');
  });
});

describe('the nats manifest', () => {
  const gomods = (file: string) => [...readFileSync(file, 'utf8').matchAll(/gomod: (\S+) (\S+)/g)].map((match) => `${match[1]} ${match[2]}`);

  it('has the stock component set at the same versions, plus our exporter from its local path', () => {
    const stock = gomods(collectorKinds.stock.manifest);
    const nats = gomods(collectorKinds.nats.manifest);
    expect(nats.filter((line) => !line.startsWith(NATS_EXPORTER_MODULE))).toEqual(stock);
    expect(nats).toContain(`${NATS_EXPORTER_MODULE} v0.0.0`);
    const manifest = readFileSync(collectorKinds.nats.manifest, 'utf8');
    const dirs = localModuleDirs(manifest, dirname(collectorKinds.nats.manifest));
    expect(dirs).toEqual([join(import.meta.dirname, '..', 'natsexporter')]);
    expect(readFileSync(join(dirs[0]!, 'go.mod'), 'utf8')).toContain(`module ${NATS_EXPORTER_MODULE}\n`);
    expect(withAbsolutePaths(manifest, dirname(collectorKinds.nats.manifest))).toContain(`path: ${dirs[0]}\n`);
  });

  it('keys the build by the exporter sources, not by its tests', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumina-module-hash-'));
    const digest = async () => {
      const hash = createHash('sha256');
      await hashModuleSources(dir, hash);
      return hash.digest('hex');
    };
    try {
      await writeFile(join(dir, 'go.mod'), 'module example.com/m\n');
      await writeFile(join(dir, 'exporter.go'), 'package m\n');
      const first = await digest();
      await writeFile(join(dir, 'exporter_test.go'), 'package m\n');
      expect(await digest()).toBe(first);
      await writeFile(join(dir, 'exporter.go'), 'package m\n\n// changed\n');
      expect(await digest()).not.toBe(first);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(import.meta.dirname, '..', '..', 'docker-compose.yml'), 'utf8')) as ConfigMap;
  const otelcol = at(compose, 'services', 'otelcol');
  const ingest = at(compose, 'services', 'ingest');
  const environment = (service: unknown) => (isMap(at(service as ConfigMap, 'environment')) ? (at(service as ConfigMap, 'environment') as ConfigMap) : {});

  it('runs the official image of our release with the stock configs, mounted read-only', () => {
    expect(at(otelcol, 'image')).toBe(`otel/opentelemetry-collector-contrib:${OCB_VERSION.slice(1)}`);
    expect(list(at(otelcol, 'volumes'))).toContain('./collector-config/config:/etc/lumina:ro');
    expect(list(at(otelcol, 'command'))).toEqual(configFilesFor('stock', 'none').map((file) => `--config=/etc/lumina/${basename(file)}`));
    for (const file of configFilesFor('stock', 'none')) expect(existsSync(join(import.meta.dirname, '..', 'config', basename(file)))).toBe(true);
  });

  it('listens on every interface, keeps its queue in a volume it can write, and owns 4317/4318', () => {
    const env = environment(otelcol);
    expect(env.LUMINA_COLLECTOR_HOST).toBe('0.0.0.0');
    const storage = String(env.LUMINA_COLLECTOR_STORAGE_DIR ?? withDefaults(at(loadLayered(configFilesFor('stock')), 'extensions', 'file_storage/lumina', 'directory')));
    expect(list(at(otelcol, 'volumes')).some((volume) => /^[a-z][\w-]*:/.test(volume) && volume.endsWith(`:${storage}`))).toBe(true);
    expect(at(otelcol, 'user')).toBe('0:0');
    expect(list(at(otelcol, 'ports'))).toEqual(['4317:4317', '4318:4318']);
  });

  it('forwards to ingest on the one OTLP/HTTP port ingest listens on', () => {
    expect(environment(otelcol).LUMINA_INGEST_ENDPOINT).toBe('http://ingest:9411');
    expect(String(environment(ingest).INGEST_HTTP_PORTS)).toBe('9411');
    expect(list(at(ingest, 'ports'))).not.toContain('4318:4318');
  });

  it('sets AUTH_REQUIRED explicitly and publishes the ports that serve stored data on the loopback only', () => {
    expect(String(at(compose, 'x-lumina-env', 'AUTH_REQUIRED'))).toMatch(/^\$\{LUMINA_AUTH_REQUIRED:-false\}$/);
    for (const name of ['ingest', 'query-api', 'replay']) {
      const service = at(compose, 'services', name);
      for (const port of list(at(service, 'ports'))) expect(port).toMatch(/^127\.0\.0\.1:/);
    }
  });
});
