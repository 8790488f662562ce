import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { CollectorError } from './errors.js';
import { ensureOcb, findGo, goEnv, OCB_VERSION } from './go.js';
import { collectorKinds, type CollectorKind } from './kinds.js';
import { hashModuleSources, localModuleDirs, withAbsolutePaths } from './local-modules.js';
import { withBuildLock } from './lock.js';
import { cacheRoot } from './paths.js';

export interface EnsureCollectorOptions {
  env?: NodeJS.ProcessEnv;
  /** Progress lines (the build itself logs to <output dir>/build.log). */
  log?: (line: string) => void;
}

/**
 * Returns the path of the collector binary for `kind`, building it with ocb the first
 * time. The output directory is keyed by the sha256 of the manifest and of the sources of
 * the local modules it builds from (`path:`, e.g. our NATS exporter), so editing either
 * builds a new binary and everything else is reused. Concurrent callers (parallel test
 * files) wait for one build.
 */
export async function ensureCollector(kind: CollectorKind, options: EnsureCollectorOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const outDir = await outputDirFor(kind, env);
  const binary = join(outDir, collectorKinds[kind].binaryName);
  if (await isComplete(outDir)) return binary;

  await withBuildLock(outDir, async () => {
    if (await isComplete(outDir)) return;
    const goBinary = await findGo(env);
    const ocb = await ensureOcb(goBinary, env, log);
    log(`building ${kind} collector in ${outDir} (first build takes minutes; log: ${join(outDir, 'build.log')})`);
    const startedAt = Date.now();
    await rm(outDir, { recursive: true, force: true });
    await mkdir(outDir, { recursive: true });
    const manifest = collectorKinds[kind].manifest;
    await writeFile(join(outDir, 'manifest.yaml'), withAbsolutePaths(await readFile(manifest, 'utf8'), dirname(manifest)));
    // ocb leaves an empty temp dir behind on every run: keep it in the output dir.
    const tmp = join(outDir, '.tmp');
    await mkdir(tmp, { recursive: true });
    await runOcb(ocb, outDir, { ...goEnv(goBinary, env), TMPDIR: tmp });
    await rm(tmp, { recursive: true, force: true });
    const { size } = await stat(binary);
    const seconds = Math.round((Date.now() - startedAt) / 1000);
    await writeFile(join(outDir, '.complete'), JSON.stringify({ kind, seconds, bytes: size, ocb: OCB_VERSION }) + '\n');
    log(`built ${binary} in ${seconds}s (${(size / 1024 / 1024).toFixed(1)} MiB)`);
  });
  return binary;
}

async function outputDirFor(kind: CollectorKind, env: NodeJS.ProcessEnv): Promise<string> {
  const manifest = collectorKinds[kind].manifest;
  const manifestText = await readFile(manifest, 'utf8');
  const hash = createHash('sha256');
  hash.update(manifestText);
  hash.update(OCB_VERSION);
  for (const dir of localModuleDirs(manifestText, dirname(manifest))) await hashModuleSources(dir, hash);
  return join(cacheRoot(env), 'collectors', `${kind}-${hash.digest('hex').slice(0, 16)}`);
}

function runOcb(ocb: string, outDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const logPath = join(outDir, 'build.log');
  return new Promise((resolve, reject) => {
    const logFile = createWriteStream(logPath);
    const child = spawn(ocb, ['--config=manifest.yaml'], { cwd: outDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(logFile, { end: false });
    child.stderr.pipe(logFile, { end: false });
    child.on('error', (error) => reject(new CollectorError('build_failed', `could not run ocb: ${error.message}`)));
    child.on('close', (code) => {
      logFile.end(async () => {
        if (code === 0) return resolve();
        const tail = (await readFile(logPath, 'utf8')).split('\n').slice(-25).join('\n');
        reject(new CollectorError('build_failed', `ocb exited with ${code}; last lines of ${logPath}:\n${tail}`));
      });
    });
  });
}

async function isComplete(outDir: string): Promise<boolean> {
  try {
    await access(join(outDir, '.complete'));
    return true;
  } catch {
    return false;
  }
}
