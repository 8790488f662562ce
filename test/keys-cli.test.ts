import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readActiveApiKeys } from '@lumina/db';
import { createTestDatabase } from '@lumina/db/testing';
import { parseApiKey, secretMatches } from '@lumina/core';
import { queryRows } from '@lumina/runtime';

const run = promisify(execFile);
let db: Awaited<ReturnType<typeof createTestDatabase>>;

/** `npm run keys -- …` as an operator runs it, against this test's database. */
async function keys(...args: string[]) {
  try {
    const { stdout } = await run('npx', ['tsx', 'scripts/keys.ts', ...args], { env: { ...process.env, DATABASE_URL: db.url }, cwd: new URL('..', import.meta.url).pathname });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  db = await createTestDatabase('lumina_keys_cli');
});
afterAll(async () => {
  await db?.drop();
});

describe('npm run keys', () => {
  it('creates a key shown once and stored hashed, lists it, and revokes it', async () => {
    const created = await keys('create', '--project', 'shop', '--scopes', 'ingest,read', '--name', 'checkout', '--json');
    expect(created.code).toBe(0);
    const { key, key_id: keyId } = JSON.parse(created.stdout) as { key: string; key_id: string };
    expect(parseApiKey(key)?.keyId).toBe(keyId);

    const pool = new pg.Pool({ connectionString: db.url });
    try {
      const active = await readActiveApiKeys(queryRows(pool));
      const stored = active.find((entry) => entry.keyId === keyId)!;
      expect(stored).toMatchObject({ projectId: 'shop', scopes: ['ingest', 'read'] });
      expect(stored.secretHash).not.toContain(parseApiKey(key)!.secret);
      expect(secretMatches(parseApiKey(key)!.secret, stored.secretHash)).toBe(true);

      const listed = JSON.parse((await keys('list', '--project', 'shop', '--json')).stdout) as Array<{ key_id: string; name: string; revoked_at: string | null }>;
      expect(listed).toEqual([expect.objectContaining({ key_id: keyId, name: 'checkout', revoked_at: null })]);
      expect(JSON.stringify(listed)).not.toContain(parseApiKey(key)!.secret);

      expect((await keys('revoke', keyId)).code).toBe(0);
      expect((await readActiveApiKeys(queryRows(pool))).map((entry) => entry.keyId)).not.toContain(keyId);
      const relisted = JSON.parse((await keys('list', '--json')).stdout) as Array<{ key_id: string; revoked_at: string | null }>;
      expect(relisted.find((entry) => entry.key_id === keyId)?.revoked_at).not.toBeNull();
    } finally {
      await pool.end();
    }
  });

  it('refuses unknown scopes, unknown keys and unknown commands with exit code 2', async () => {
    expect(await keys('create', '--project', 'shop', '--scopes', 'ingest,root')).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown scope(s): root') });
    expect(await keys('revoke', 'lk_nosuchkey')).toMatchObject({ code: 2, stderr: expect.stringContaining('no active key') });
    expect((await keys('rotate')).code).toBe(2);
  });
});
