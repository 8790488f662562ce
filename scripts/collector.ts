/**
 * npm run collector -- build stock|nats
 * npm run collector -- start stock|nats       (backend: LUMINA_COLLECTOR_BACKEND)
 * npm run collector -- validate stock|nats    (every backend overlay the binary supports)
 * npm run collector -- configs stock|nats     (the --config list, e.g. for docker-compose)
 */
import { spawn } from 'node:child_process';

import { backendPlaceholderEnv, backends, configFilesFor, ensureCollector, parseBackend, parseKind, startCollector, CollectorError, type BackendName, type CollectorKind } from './collector/index.js';

const USAGE = 'usage: npm run collector -- build|start|validate|configs stock|nats';

async function main(argv: string[]): Promise<number> {
  const [command, kindArg] = argv;
  const log = (line: string) => console.error(`[collector] ${line}`);
  switch (command) {
    case 'build': {
      const kind = parseKind(kindArg);
      console.log(await ensureCollector(kind, { log }));
      return 0;
    }
    case 'start':
      return start(parseKind(kindArg), log);
    case 'validate':
      return validate(parseKind(kindArg), log);
    case 'configs': {
      const kind = parseKind(kindArg);
      const backend = parseBackend(process.env.LUMINA_COLLECTOR_BACKEND);
      console.log(configFilesFor(kind, backend).map((file) => `--config=${file}`).join(' '));
      return 0;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

async function start(kind: CollectorKind, log: (line: string) => void): Promise<number> {
  await ensureCollector(kind, { log });
  const collector = await startCollector(kind, { stdio: 'inherit' });
  log(`${kind} collector ready: OTLP gRPC ${collector.endpoints.otlpGrpc}, OTLP HTTP ${collector.endpoints.otlpHttp} (configs: ${collector.configFiles.join(', ')})`);
  const stop = () => void collector.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return (await collector.exited) ?? 0;
}

/** Runs `<binary> validate` on each config set; required backend variables get placeholders. */
async function validate(kind: CollectorKind, log: (line: string) => void): Promise<number> {
  const binary = await ensureCollector(kind, { log });
  let failures = 0;
  for (const backend of Object.keys(backends) as BackendName[]) {
    if (!backends[backend].builtIn) continue;
    const files = configFilesFor(kind, backend);
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(binary, ['validate', ...files.map((file) => `--config=${file}`)], {
        env: { ...backendPlaceholderEnv, LUMINA_COLLECTOR_STORAGE_DIR: '/tmp/lumina-collector-validate', ...process.env },
        stdio: 'inherit',
      });
      child.on('exit', resolve);
    });
    log(`${kind} + ${backend}: ${code === 0 ? 'valid' : 'INVALID'}`);
    if (code !== 0) failures++;
  }
  return failures === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof CollectorError) {
      console.error(`[collector] ${error.code}: ${error.message}`);
    } else {
      console.error(error);
    }
    process.exit(1);
  },
);
