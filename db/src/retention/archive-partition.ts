import { createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type pg from 'pg';
import { quoteIdentifier } from './sql-identifier.js';

const FETCH_ROWS = 1_000;

/** The archive file of a day's spans, named by the day and the run that wrote it (a day re-created by late spans gets a file of its own). */
export function archiveFileName(day: string, runAt: Date): string {
  const stamp = runAt.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `spans-${day}.${stamp}.ndjson.gz`;
}

/** The partition's rows as JSON text, Postgres's own rendering (microsecond timestamps, jsonb as is). */
async function* partitionLines(client: pg.PoolClient, partition: string, counter: { rows: number }): AsyncGenerator<string> {
  await client.query(`DECLARE lumina_archive NO SCROLL CURSOR FOR SELECT row_to_json(p)::text AS line FROM ${quoteIdentifier(partition)} AS p`);
  try {
    for (;;) {
      const { rows } = await client.query<{ line: string }>(`FETCH FORWARD ${FETCH_ROWS} FROM lumina_archive`);
      if (rows.length === 0) return;
      counter.rows += rows.length;
      yield rows.map((row) => `${row.line}\n`).join('');
    }
  } finally {
    await client.query('CLOSE lumina_archive').catch(() => undefined);
  }
}

/** Flushes a file (or a folder's entries) to disk: fsync on a descriptor of it. */
async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes every row of a partition to `dir/file` as gzip NDJSON, one row a line, inside the
 * caller's transaction (which holds the partition against writes). Written to a `.partial`
 * file, fsynced, renamed, and the directory fsynced: once this returns, the file is whole on
 * disk, and only then may the partition be dropped. Returns the path and the row count.
 */
export async function writePartitionArchive(client: pg.PoolClient, partition: string, dir: string, file: string): Promise<{ path: string; rows: number }> {
  const path = join(dir, file);
  const partial = `${path}.partial`;
  const counter = { rows: 0 };
  try {
    await pipeline(Readable.from(partitionLines(client, partition, counter)), createGzip(), createWriteStream(partial, { flags: 'w' }));
    await fsyncPath(partial);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  await rename(partial, path);
  await fsyncPath(dir);
  return { path, rows: counter.rows };
}
