import { createServer, type Server } from 'node:net';

/**
 * `count` distinct TCP ports on 127.0.0.1 that were free a moment ago. All listeners are
 * open at once, so the ports differ from each other.
 */
export async function findFreePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      ports.push(await listenOnAnyPort(server));
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

export async function findFreePort(): Promise<number> {
  const [port] = await findFreePorts(1);
  return port!;
}

/** Free ports for every listener of a collector, as the variables config/*.yaml read. */
export async function freeCollectorPorts(): Promise<Record<string, string>> {
  const names = ['LUMINA_COLLECTOR_OTLP_GRPC_PORT', 'LUMINA_COLLECTOR_OTLP_HTTP_PORT', 'LUMINA_COLLECTOR_HEALTH_PORT', 'LUMINA_COLLECTOR_METRICS_PORT'];
  const ports = await findFreePorts(names.length);
  return Object.fromEntries(names.map((name, i) => [name, String(ports[i])]));
}

function listenOnAnyPort(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address === 'object' && address) resolve(address.port);
      else reject(new Error('could not read the listening port'));
    });
  });
}
