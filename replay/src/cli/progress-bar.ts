/** The live line the CLI redraws while a run goes. */

export interface Progress {
  completed: number;
  total: number;
  failed: number;
  elapsedMs: number;
}

const FILLED = '█';
const EMPTY = '░';

/** e.g. `[████████░░░░░░░░░░░░]  40/100 calls · 2 failed · 12.3 s` */
export function progressLine(progress: Progress, width = 30): string {
  const share = progress.total === 0 ? 1 : Math.min(1, progress.completed / progress.total);
  const filled = Math.round(share * width);
  const count = `${String(progress.completed).padStart(String(progress.total).length)}/${progress.total} calls`;
  const failed = `${progress.failed} failed`;
  return `[${FILLED.repeat(filled)}${EMPTY.repeat(width - filled)}] ${count} · ${failed} · ${(progress.elapsedMs / 1000).toFixed(1)} s`;
}
