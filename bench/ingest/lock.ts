import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';

/** Every benchmark on this machine takes this lock, so no two ever measure at once. */
export const BENCH_LOCK = '/tmp/lumina-bench.lock';

/**
 * Runs `work` holding an exclusive flock(2) on `path`, with `flock <path>` semantics: the
 * lock is held by a `flock` child process for as long as we keep its stdin open, and the
 * kernel releases it when that process ends (also if we crash). When an ancestor already
 * holds the lock (the bench was started as `flock /tmp/lumina-bench.lock npm run …`), the
 * work runs under that lock instead of deadlocking on it.
 */
export async function withBenchLock<T>(work: () => Promise<T>, path = BENCH_LOCK, log: (line: string) => void = console.log): Promise<T> {
  try {
    statSync(path);
  } catch {
    writeFileSync(path, '', { flag: 'a', mode: 0o666 });
  }
  const holder = ancestorHolding(path);
  if (holder !== null) {
    log(`bench lock ${path} already held by parent process ${holder}`);
    return work();
  }

  const child = spawn('flock', ['--exclusive', path, '--command', 'echo locked; exec cat >/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waiting = setTimeout(() => log(`waiting for ${path}: another benchmark is running…`), 1_000);
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('error', (error) => reject(new Error(`could not run flock (util-linux) for ${path}: ${error.message}`)));
      void exited.then((code) => reject(new Error(`flock ${path} exited with ${code} before taking the lock`)));
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('locked')) resolve();
      });
    });
  } finally {
    clearTimeout(waiting);
  }
  try {
    return await work();
  } finally {
    child.stdin.end();
    await exited;
  }
}

/** The pid of one of our ancestors holding an flock on `path`, if any (Linux /proc/locks). */
function ancestorHolding(path: string): number | null {
  let locks: string;
  try {
    locks = readFileSync('/proc/locks', 'utf8');
  } catch {
    return null;
  }
  const inode = statSync(path).ino;
  // "1: FLOCK  ADVISORY  WRITE 12345 08:01:654321 0 EOF" (blocked waiters have "->" first)
  const holders = new Set(
    locks
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[1] === 'FLOCK' && Number(fields[5]?.split(':')[2]) === inode)
      .map((fields) => Number(fields[4])),
  );
  for (let pid = process.ppid; pid > 1; pid = parentOf(pid)) {
    if (holders.has(pid)) return pid;
  }
  return null;
}

function parentOf(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  } catch {
    return 0;
  }
}
