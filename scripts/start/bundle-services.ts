import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';

/** The service entry points `npm start` runs, by bundle name. */
export const SERVICE_ENTRIES = {
  ingest: 'ingest/src/main.ts',
  processors: 'processors/src/main.ts',
  upkeep: 'processors/src/upkeep-main.ts',
  'query-api': 'query-api/src/main.ts',
  replay: 'replay/src/main.ts',
  alerter: 'alerter/src/main.ts',
} as const;

export type ServiceEntry = keyof typeof SERVICE_ENTRIES;

/** Node's arguments to run a service entry: a compiled bundle (`.mjs`) on plain Node, a TypeScript entry through tsx. */
export function serviceNodeArgs(entry: string): string[] {
  return entry.endsWith('.mjs') ? [entry] : ['--import', 'tsx', entry];
}

/** Lumina's own packages (TypeScript) go into the bundles; every other package stays an import from node_modules. */
const thirdPartyExternal: Plugin = {
  name: 'third-party-external',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@lumina/') ? undefined : { path: args.path, external: true }));
  },
};

/**
 * Compiles every service to plain ES modules in `outDir` (under the repository, so that their
 * imports find node_modules), in about a second. A service then runs on plain Node: no
 * TypeScript loader thread and no transpiled sources kept in memory, about 70 MiB less
 * resident memory a process than under tsx (no source maps: stack traces name the bundle's lines,
 * with the functions' own names). Returns each bundle's path.
 */
export async function bundleServices(root: string, outDir: string): Promise<Record<ServiceEntry, string>> {
  const names = Object.keys(SERVICE_ENTRIES) as ServiceEntry[];
  await rm(outDir, { recursive: true, force: true }); // no chunks of an earlier build left behind
  await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(names.map((name) => [name, join(root, SERVICE_ENTRIES[name])])),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    keepNames: true,
    plugins: [thirdPartyExternal],
    logLevel: 'silent',
  });
  return Object.fromEntries(names.map((name) => [name, join(outDir, `${name}.mjs`)])) as Record<ServiceEntry, string>;
}
