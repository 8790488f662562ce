import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { ensureCollector } from './build.js';
import { CollectorError } from './errors.js';
import { backends, configFilesFor, parseBackend, type BackendName, type CollectorKind } from './kinds.js';
import { runtimeDir } from './paths.js';

export interface StartCollectorOptions {
  /** Variables for the collector, over process.env. Every address is one (README). */
  env?: Record<string, string | undefined>;
  /** Dual-export backend; default: env LUMINA_COLLECTOR_BACKEND, else 'none'. */
  backend?: BackendName;
  /** More --config files, merged last (tests override endpoints this way). */
  extraConfigFiles?: string[];
  /** 'capture' (default) keeps the logs for logs(); 'inherit' prints them. */
  stdio?: 'capture' | 'inherit';
  /** How long to wait for the health check to answer; default 30 s. */
  readyTimeoutMs?: number;
  /**
   * Run in a process group of its own, so a terminal's Ctrl-C reaches only the caller, which
   * then stops the collector when it chooses (e.g. before the ingest it flushes to).
   */
  detached?: boolean;
}

export interface CollectorEndpoints {
  /** host:port of the OTLP/gRPC receiver. */
  otlpGrpc: string;
  /** Base URL of the OTLP/HTTP receiver (append /v1/traces). */
  otlpHttp: string;
  health: string;
}

export interface RunningCollector {
  readonly kind: CollectorKind;
  readonly pid: number;
  readonly configFiles: string[];
  readonly endpoints: CollectorEndpoints;
  /** Resolves with the exit code once the process ends. */
  readonly exited: Promise<number | null>;
  /** The captured log output (empty with stdio 'inherit'). */
  logs(): string;
  /** SIGTERM, wait for the collector to drain and exit, SIGKILL after 20 s. */
  stop(): Promise<void>;
}

const MAX_LOG_CHARS = 512 * 1024;

/** Builds the collector if needed, starts it with the layered configs, waits until healthy. */
export async function startCollector(kind: CollectorKind, options: StartCollectorOptions = {}): Promise<RunningCollector> {
  const env = collectorEnv(kind, options.env);
  const backend = options.backend ?? parseBackend(env.LUMINA_COLLECTOR_BACKEND);
  if (!backends[backend].builtIn) {
    throw new CollectorError('backend_not_built_in', `the ${backend} backend needs the official otelcol-contrib image; our ${kind} build does not include it`);
  }
  const binary = await ensureCollector(kind, { env });
  await mkdir(env.LUMINA_COLLECTOR_STORAGE_DIR!, { recursive: true });
  const configFiles = [...configFilesFor(kind, backend), ...(options.extraConfigFiles ?? [])];
  const stdio = options.stdio ?? 'capture';
  const child = spawn(binary, configFiles.map((file) => `--config=${file}`), {
    env,
    stdio: stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let captured = '';
  const capture = (chunk: Buffer) => {
    captured = (captured + chunk.toString('utf8')).slice(-MAX_LOG_CHARS);
  };
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  await spawned;

  const endpoints = endpointsFrom(env);
  const collector: RunningCollector = {
    kind,
    pid: child.pid ?? -1,
    configFiles,
    endpoints,
    exited,
    logs: () => captured,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const code = await Promise.race([exited, sleep(20_000).then(() => 'timeout' as const)]);
      if (code === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
  await waitUntilHealthy(collector, options.readyTimeoutMs ?? 30_000);
  return collector;
}

/**
 * process.env plus the caller's variables, with the persistent queue under .lumina/
 * (gitignored) unless LUMINA_COLLECTOR_STORAGE_DIR says otherwise.
 */
function collectorEnv(kind: CollectorKind, overrides: StartCollectorOptions['env']): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  env.LUMINA_COLLECTOR_STORAGE_DIR ??= join(runtimeDir, kind, 'storage');
  return env;
}

/** The same defaults as config/pipeline.yaml. */
function endpointsFrom(env: NodeJS.ProcessEnv): CollectorEndpoints {
  const host = env.LUMINA_COLLECTOR_HOST || '127.0.0.1';
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    otlpGrpc: `${reachable}:${env.LUMINA_COLLECTOR_OTLP_GRPC_PORT || '4317'}`,
    otlpHttp: `http://${reachable}:${env.LUMINA_COLLECTOR_OTLP_HTTP_PORT || '4318'}`,
    health: `http://${reachable}:${env.LUMINA_COLLECTOR_HEALTH_PORT || '13133'}/`,
  };
}

async function waitUntilHealthy(collector: RunningCollector, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void collector.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new CollectorError('start_failed', `the ${collector.kind} collector exited with ${exitCode} while starting:\n${tail(collector.logs())}`);
    }
    try {
      const response = await fetch(collector.endpoints.health, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  await collector.stop();
  throw new CollectorError('start_failed', `the ${collector.kind} collector was not healthy after ${timeoutMs} ms:\n${tail(collector.logs())}`);
}

function tail(text: string, lines = 30): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
