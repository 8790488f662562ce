/**
 * Builds the dashboard (dashboard/dist, served by the query API at /) when it is missing or
 * older than its sources. `npm ci` builds it too (its prepare script); this catches edits
 * since, for `npm start`, the tests and the bench.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dashboard = join(root, 'dashboard');
const SOURCES = ['src', 'index.html', 'vite.config.ts', 'package.json'];

function newestMtimeMs(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtimeMs(join(path, name))), stat.mtimeMs);
}

/** True when dashboard/dist/index.html is missing or older than any source file. */
export function dashboardBuildIsStale(): boolean {
  const built = join(dashboard, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((source) => existsSync(join(dashboard, source)) && newestMtimeMs(join(dashboard, source)) > builtAt);
}

/** Runs `vite build` for the dashboard if its build is stale; throws when the build fails. */
export function ensureDashboardBuilt(log: (line: string) => void = () => {}): void {
  if (!dashboardBuildIsStale()) return;
  log('building the dashboard (vite build)…');
  const result = spawnSync('npm', ['run', 'build', '--silent', '-w', '@lumina/dashboard'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`dashboard build failed:\n${result.stdout}\n${result.stderr}`);
}
