import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { CollectorError } from './errors.js';
import { cacheRoot } from './paths.js';

const run = promisify(execFile);

/** The OpenTelemetry Collector Builder release; must match the manifests' core version. */
export const OCB_VERSION = 'v0.161.0';

const GO_HINT = `Go (1.26 or newer) is needed to build the collectors with ocb.
  Debian/Ubuntu: download a release from https://go.dev/dl/ and unpack it to /usr/local/go,
  or put any go binary on PATH (or set LUMINA_GO=/path/to/go).
  Without building, use the official image instead: otel/opentelemetry-collector-contrib
  with collector-config/config/pipeline.yaml + lumina-otlp.yaml (see collector-config/README.md).`;

/** Finds a go binary: LUMINA_GO, then PATH, then /usr/local/go/bin (CI's PATH may lack it). */
export async function findGo(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const pathDirs = (env.PATH ?? '').split(':').filter(Boolean);
  const candidates = [env.LUMINA_GO, ...pathDirs.map((dir) => join(dir, 'go')), '/usr/local/go/bin/go'];
  for (const candidate of candidates) {
    if (candidate && (await isExecutable(candidate))) return candidate;
  }
  throw new CollectorError('go_missing', GO_HINT);
}

/** Environment for every go/ocb invocation: all caches under the Lumina cache dir. */
export function goEnv(goBinary: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const root = cacheRoot(env);
  return {
    ...env,
    PATH: `${join(goBinary, '..')}:${env.PATH ?? ''}`,
    GOPATH: join(root, 'go'),
    GOMODCACHE: join(root, 'go', 'pkg', 'mod'),
    GOCACHE: join(root, 'go-build'),
    // A component may need a newer Go patch release; let go fetch it through the proxy.
    GOTOOLCHAIN: env.GOTOOLCHAIN ?? 'auto',
  };
}

/** Installs the pinned ocb once into the cache and returns its path. */
export async function ensureOcb(goBinary: string, env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = () => {}): Promise<string> {
  const binDir = join(cacheRoot(env), 'go-bin', `builder-${OCB_VERSION}`);
  const builder = join(binDir, 'builder');
  if (await isExecutable(builder)) return builder;
  log(`installing ocb ${OCB_VERSION} into ${binDir}`);
  try {
    await run(goBinary, ['install', `go.opentelemetry.io/collector/cmd/builder@${OCB_VERSION}`], {
      env: { ...goEnv(goBinary, env), GOBIN: binDir },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new CollectorError('ocb_install_failed', `go install of ocb ${OCB_VERSION} failed:\n${detail}`);
  }
  return builder;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
