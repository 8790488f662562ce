import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RERUN_MARK = 'LUMINA_BENCH_RERUN';

/**
 * Runs the calling script again under extra Node flags (V8 settings a benchmark needs, such as
 * `--expose-gc`), with the same arguments, and exits with its status; in the rerun it returns.
 * `moduleUrl`: the script's `import.meta.url`.
 */
export function rerunWithNodeFlags(moduleUrl: string, flags: readonly string[]): void {
  if (process.env[RERUN_MARK] === '1') return;
  const run = spawnSync(process.execPath, [...process.execArgv, ...flags, fileURLToPath(moduleUrl), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [RERUN_MARK]: '1' },
  });
  process.exit(run.status ?? 1);
}
