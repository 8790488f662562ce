import { execFile } from 'node:child_process';
import { access, cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { CollectorError } from './errors.js';
import { cacheRoot } from './paths.js';

const run = promisify(execFile);

/**
 * The NATS exporter is not published as a Go module, so we build it from a checkout of
 * this repository at a pinned commit (or from LUMINA_NATS_EXPORTER_SRC).
 */
export const NATS_EXPORTER_REPO = 'https://github.com/synadia-io/opentelemetry-collector-nats';
export const NATS_EXPORTER_COMMIT = '7e957a2c95d06dc233ee6bebb237d72a51bb6035';

/** The two module directories the nats manifest refers to under ./nats-src. */
const MODULE_DIRS = ['exporter/natsexporter', 'internal/natsclient'];

/** A local checkout if one is configured or cached, without touching the network. */
export async function localNatsExporterSource(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const candidates = [env.LUMINA_NATS_EXPORTER_SRC, cachedCheckoutDir(env)];
  for (const dir of candidates) {
    if (dir && (await hasModules(dir))) return dir;
  }
  return null;
}

/** Returns a checkout containing the exporter, cloning the pinned commit when needed. */
export async function ensureNatsExporterSource(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const local = await localNatsExporterSource(env);
  if (local) return local;
  if (env.LUMINA_NATS_EXPORTER_SRC) {
    throw new CollectorError('nats_source_unavailable', `LUMINA_NATS_EXPORTER_SRC=${env.LUMINA_NATS_EXPORTER_SRC} has no ${MODULE_DIRS.join(' / ')} go modules`);
  }
  const dir = cachedCheckoutDir(env);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  try {
    // Fetching one commit by id keeps the clone small; GitHub serves reachable commits.
    await run('git', ['init', '--quiet', dir]);
    await run('git', ['-C', dir, 'fetch', '--quiet', '--depth', '1', NATS_EXPORTER_REPO, NATS_EXPORTER_COMMIT], { timeout: 120_000 });
    await run('git', ['-C', dir, 'checkout', '--quiet', 'FETCH_HEAD']);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    const detail = error instanceof Error ? error.message : String(error);
    throw new CollectorError(
      'nats_source_unavailable',
      `could not fetch ${NATS_EXPORTER_REPO} at ${NATS_EXPORTER_COMMIT} (${detail.split('\n')[0]}).\n` +
        'Point LUMINA_NATS_EXPORTER_SRC at a checkout of that repository instead.',
    );
  }
  return dir;
}

/** Copies the exporter's modules into <buildDir>/nats-src, where the manifest expects them. */
export async function copyNatsExporterSource(sourceDir: string, buildDir: string): Promise<void> {
  for (const moduleDir of MODULE_DIRS) {
    await cp(join(sourceDir, moduleDir), join(buildDir, 'nats-src', moduleDir), { recursive: true });
  }
}

export function natsExporterModuleDirs(sourceDir: string): string[] {
  return MODULE_DIRS.map((moduleDir) => join(sourceDir, moduleDir));
}

function cachedCheckoutDir(env: NodeJS.ProcessEnv): string {
  return join(cacheRoot(env), 'src', `opentelemetry-collector-nats@${NATS_EXPORTER_COMMIT.slice(0, 12)}`);
}

async function hasModules(dir: string): Promise<boolean> {
  try {
    for (const moduleDir of MODULE_DIRS) await access(join(dir, moduleDir, 'go.mod'));
    return true;
  } catch {
    return false;
  }
}
