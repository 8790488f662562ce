import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { findFreePort } from '../../../scripts/collector/index.js';

const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

/**
 * A nats-server with JetStream of one test's own, on a free loopback port, that the test
 * may stop and start again (same port, same store) without touching the shared server.
 */
export interface PrivateNats {
  url: string;
  /** Graceful stop (SIGTERM: JetStream flushes its store); resolves once the process ended. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same store; resolves once it listens. */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startPrivateNats(): Promise<PrivateNats> {
  const dir = await mkdtemp(join(tmpdir(), 'lumina-private-nats-'));
  const port = await findFreePort();
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const start = async () => {
    const process = spawn(NATS_SERVER, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', join(dir, 'store')], { stdio: 'ignore' });
    child = process;
    exited = new Promise((resolve) => process.once('exit', () => resolve()));
    await waitListening(port, process);
  };
  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await exited;
    child = null;
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    start,
    stop,
    async destroy() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitListening(port: number, process: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (process.exitCode !== null) throw new Error(`nats-server exited with ${process.exitCode} while starting on ${port}`);
    if (await accepts(port)) return;
    await sleep(50);
  }
  throw new Error(`nats-server did not listen on ${port}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
