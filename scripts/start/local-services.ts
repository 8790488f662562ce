import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { DEFAULT_DATABASE_URL, DEFAULT_NATS_URL, DEFAULT_REDIS_URL } from '@lumina/core';

/** True when something accepts TCP connections at host:port. */
export function isReachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitReachable(host: string, port: number, seconds: number): Promise<boolean> {
  for (let i = 0; i < seconds * 4; i += 1) {
    if (await isReachable(host, port, 250)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function which(binary: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin', '/usr/local/bin'])) {
    const candidate = join(dir, binary);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

export interface LocalService {
  name: string;
  url: string;
  /** Debian package to install when the server binary is missing */
  debianPackage: string;
  start(dataDir: string, host: string, port: number): boolean;
}

function spawnDetached(binary: string, args: string[]): void {
  spawn(binary, args, { detached: true, stdio: 'ignore' }).unref();
}

export const LOCAL_SERVICES: LocalService[] = [
  {
    name: 'NATS JetStream',
    url: process.env.NATS_URL ?? DEFAULT_NATS_URL,
    debianPackage: 'nats-server',
    start(dataDir, host, port) {
      const binary = which('nats-server');
      if (!binary) return false;
      mkdirSync(join(dataDir, 'nats'), { recursive: true });
      spawnDetached(binary, ['-a', host, '-p', String(port), '-js', '-sd', join(dataDir, 'nats')]);
      return true;
    },
  },
  {
    name: 'PostgreSQL',
    url: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    debianPackage: 'postgresql',
    start() {
      // A system cluster (Debian) is started as is; initdb refuses to run as root, so we don't create one.
      const ctl = which('pg_ctlcluster');
      if (!ctl || !existsSync('/etc/postgresql')) return false;
      const version = readdirSync('/etc/postgresql')[0];
      if (!version) return false;
      execFileSync(ctl, ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' });
      return true;
    },
  },
  {
    name: 'Redis',
    url: process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
    debianPackage: 'redis-server',
    start(dataDir, host, port) {
      const binary = which('redis-server');
      if (!binary) return false;
      mkdirSync(join(dataDir, 'redis'), { recursive: true });
      spawnDetached(binary, ['--bind', host, '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', join(dataDir, 'redis')]);
      return true;
    },
  },
];

/** Makes every service reachable, starting local ones where their binary is installed. */
export async function ensureLocalServices(dataDir: string): Promise<void> {
  for (const service of LOCAL_SERVICES) {
    const { hostname, port } = new URL(service.url);
    const host = hostname || '127.0.0.1';
    if (await isReachable(host, Number(port))) continue;
    const local = host === '127.0.0.1' || host === 'localhost';
    if (local && service.start(dataDir, host, Number(port)) && (await waitReachable(host, Number(port), 20))) {
      console.log(`started ${service.name} on ${host}:${port} (data under ${dataDir})`);
      continue;
    }
    throw new Error(
      `${service.name} is not reachable at ${service.url}. Install it (apt-get install ${service.debianPackage}) ` +
        'or run `docker compose up -d nats postgres redis`, then try again.',
    );
  }
}
