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
