import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const module = fileURLToPath(new URL('./heap-growth.ts', import.meta.url));

/** Peak heap (MiB) of a child process that keeps ~25 MiB alive and makes garbage fast, with the given growth limit. */
function peakHeapMiB(percent: number): number {
  const script = `
    const { limitHeapGrowth } = await import(${JSON.stringify(module)});
    limitHeapGrowth(${percent});
    const live = new Array(200000); let junk = []; let peak = 0;
    for (let i = 0; i < 1500000; i++) {
      live[i % 200000] = 'x'.repeat(40) + i;
      junk.push({ i, s: 'y' + i }); if (junk.length > 20000) junk = [];
      if (i % 5000 === 0) peak = Math.max(peak, process.memoryUsage().heapTotal);
    }
    console.log(Math.round(peak / 1048576));`;
  return Number(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' }).trim());
}

describe('heap growth limit', () => {
  it('keeps the heap of a garbage-heavy process well under what V8 lets it grow to on its own', () => {
    const own = peakHeapMiB(0);
    const limited = peakHeapMiB(25);
    expect(limited).toBeLessThan(own * 0.75);
  }, 60_000);
});
