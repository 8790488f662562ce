import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serviceNodeArgs } from '../../scripts/start/service-entries.js';
import { waitHealthy } from './nats-cluster.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A Lumina service running as its own node process, as in production, that a test may crash and restart. */
export interface ServiceProcess {
  name: string;
  /** SIGKILL: no drain, no goodbye; resolves once the process is gone */
  kill(): Promise<void>;
  /** starts it (again) with the same environment; resolves once `healthUrl` answers 2xx */
  start(): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not ended within 20 s */
  stop(): Promise<void>;
  logTail(): string;
}

/**
 * A service entry point (e.g. `ingest/src/main.ts` through tsx, or a compiled `.mjs` bundle on
 * plain Node, as `npm start` runs them) as a child process with `env` on top of
 * this process's environment. Its logs are kept (the tail) for failure messages.
 */
export function serviceProcess(name: string, entry: string, env: Record<string, string>, healthUrl: string): ServiceProcess {
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let log = '';
  const running = () => child !== null && child.exitCode === null && child.signalCode === null;
  const end = async (signal: NodeJS.Signals) => {
    if (!running()) return;
    child!.kill(signal);
    await exited;
  };
  return {
    name,
    async start() {
      const started = spawn(process.execPath, serviceNodeArgs(entry), {
        cwd: root,
        env: { ...process.env, LOG_LEVEL: 'warn', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const keep = (chunk: Buffer) => {
        log = (log + chunk.toString()).slice(-16_000);
      };
      started.stdout!.on('data', keep);
      started.stderr!.on('data', keep);
      child = started;
      exited = new Promise((resolve) => started.once('exit', () => resolve()));
      await waitHealthy(healthUrl, () => started.exitCode, 120_000, () => log);
    },
    kill: () => end('SIGKILL'),
    async stop() {
      if (!running()) return;
      const timer = setTimeout(() => child?.kill('SIGKILL'), 20_000);
      await end('SIGTERM');
      clearTimeout(timer);
    },
    logTail: () => `--- ${name} ---\n${log}`,
  };
}
