import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MS = 2_000;

/**
 * Runs `work` while holding `<dir>.lock` (mkdir is atomic). A lock whose owner process
 * is gone is taken over, so a build killed half-way never blocks the next one.
 */
export async function withBuildLock(dir: string, work: () => Promise<void>): Promise<void> {
  const lockDir = `${dir}.lock`;
  await mkdir(dirname(lockDir), { recursive: true });
  while (!(await tryLock(lockDir))) {
    if (!(await ownerAlive(lockDir))) await rm(lockDir, { recursive: true, force: true });
    else await sleep(POLL_MS);
  }
  try {
    await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

async function tryLock(lockDir: string): Promise<boolean> {
  try {
    await mkdir(lockDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  await writeFile(join(lockDir, 'pid'), String(process.pid));
  return true;
}

async function ownerAlive(lockDir: string): Promise<boolean> {
  let pid: number;
  try {
    pid = Number(await readFile(join(lockDir, 'pid'), 'utf8'));
  } catch {
    // Between mkdir and writing the pid; a lock that stays pid-less was abandoned.
    const { mtimeMs } = await stat(lockDir).catch(() => ({ mtimeMs: 0 }));
    return Date.now() - mtimeMs < 10_000;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
