import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serviceNodeArgs } from '../../scripts/start/service-entries.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Services this bench started and has not stopped: killed if the bench exits early (a failure), not left running. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
// Stopped by a signal (Ctrl-C, a timeout), the bench exits through the hook above too.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

/**
 * Runs a service entry point as its own node process (one process: its RSS is the service's):
 * a compiled bundle (`.mjs`, as `npm start` runs them) on plain Node, or a TypeScript entry
 * through tsx. BENCH_NODE_FLAGS adds node flags to it (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
export function startService(entry: string, env: Record<string, string>): ChildProcess {
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
  const child = spawn(process.execPath, [...flags, ...serviceNodeArgs(entry)], {
    cwd: root,
    env: {
      ...process.env,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      // The daily trace limit is checked as in production, but high enough never to refuse, and
      // counted under a key of this run's own (a bench sends more traces than the default allows).
      DAILY_TRACE_LIMIT: '1000000000',
      DAILY_TRACE_LIMIT_KEY_PREFIX: `lumina-bench:${process.pid}:${Date.now()}:`,
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Peak resident set size of a live process, in MiB (Linux VmHWM). */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** Waits until GET url answers 200. */
export async function waitHealthy(url: string, seconds = 60): Promise<void> {
  for (let i = 0; i < seconds * 10; i += 1) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not become healthy`);
}

export function stopService(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
