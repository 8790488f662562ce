import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findFreePorts } from '../../scripts/collector/ports.js';

const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

/** One server of the cluster: its client URL, and a way to crash it and bring it back. */
export interface ClusterNode {
  name: string;
  url: string;
  /** monitoring endpoint (/healthz, /jsz) */
  monitorUrl: string;
  /** SIGKILL, as a crash or a lost machine; resolves once the process is gone */
  kill(): Promise<void>;
  /** starts it again with the same name, ports and store; resolves once it listens */
  start(): Promise<void>;
  /** what it wrote on stderr and stdout lately, for failure messages */
  logTail(): string;
}

export interface NatsCluster {
  nodes: ClusterNode[];
  /** every server's client URL, comma-separated, as NATS_URL takes them */
  url: string;
  /** the node called `name` (JetStream reports leaders by server name) */
  node(name: string): ClusterNode;
  destroy(): Promise<void>;
}

/**
 * A NATS JetStream cluster of `size` nats-server processes on this machine, of one test's
 * own: each with its own client, cluster and monitoring port (free ones) and store directory
 * in a temp folder, routed to each other. Resolves when every server answers /healthz.
 */
export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'lumina-nats-cluster-'));
  const ports = await findFreePorts(size * 3);
  const clusterName = `lumina-test-${randomBytes(3).toString('hex')}`;
  const specs = Array.from({ length: size }, (_, i) => ({
    name: `n${i + 1}`,
    client: ports[i * 3]!,
    route: ports[i * 3 + 1]!,
    monitor: ports[i * 3 + 2]!,
  }));
  const nodes = specs.map((spec) => {
    const config = join(dir, `${spec.name}.conf`);
    const routes = specs.filter((other) => other !== spec).map((other) => `"nats-route://127.0.0.1:${other.route}"`);
    writeFileSync(
      config,
      [
        `server_name: "${spec.name}"`,
        `host: "127.0.0.1"`,
        `port: ${spec.client}`,
        `http: "127.0.0.1:${spec.monitor}"`,
        `jetstream { store_dir: "${join(dir, spec.name)}", max_memory_store: 64MB, max_file_store: 2GB }`,
        `cluster { name: "${clusterName}", listen: "127.0.0.1:${spec.route}", routes: [${routes.join(', ')}] }`,
      ].join('\n'),
    );
    let child: ChildProcess | null = null;
    let exited: Promise<void> = Promise.resolve();
    let log = '';
    const node: ClusterNode = {
      name: spec.name,
      url: `nats://127.0.0.1:${spec.client}`,
      monitorUrl: `http://127.0.0.1:${spec.monitor}`,
      async kill() {
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGKILL');
        await exited;
        child = null;
      },
      async start() {
        const process = spawn(NATS_SERVER, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
        const keep = (chunk: Buffer) => {
          log = (log + chunk.toString()).slice(-8_000);
        };
        process.stdout!.on('data', keep);
        process.stderr!.on('data', keep);
        child = process;
        exited = new Promise((resolve) => process.once('exit', () => resolve()));
        await waitHealthy(`${node.monitorUrl}/varz`, () => process.exitCode, 60_000, () => log);
      },
      logTail: () => log,
    };
    return node;
  });
  await Promise.all(nodes.map((node) => node.start()));
  // Ready when every server knows the JetStream meta leader (streams can be created).
  await Promise.all(nodes.map((node) => waitHealthy(`${node.monitorUrl}/healthz`, () => null, 120_000, () => node.logTail())));
  return {
    nodes,
    url: nodes.map((node) => node.url).join(','),
    node(name) {
      const found = nodes.find((node) => node.name === name);
      if (!found) throw new Error(`no server ${name} in the cluster`);
      return found;
    },
    async destroy() {
      await Promise.all(nodes.map((node) => node.kill()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `url` until it answers 2xx; a busy machine may take long, so the wait is generous. */
export async function waitHealthy(url: string, exitCode: () => number | null, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const code = exitCode();
    if (code !== null) throw new Error(`the process behind ${url} exited with ${code}:\n${log()}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`${url} did not answer 2xx within ${timeoutMs} ms:\n${log()}`);
}
