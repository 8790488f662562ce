import { ensureDashboardBuilt } from '../../scripts/dashboard-build.js';

/** Vitest global setup: the browser tests read the built dashboard, so build it once, before any file runs, if stale. */
export default function setup(): void {
  ensureDashboardBuilt((line) => console.log(line));
}
