import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Queryable } from './read/queryable.js';
import { formatApiKey, hashSecret, type ActiveApiKey, type Scope } from '@lumina/core';

/** A key as listed: never its secret. */
export interface ApiKeyInfo {
  keyId: string;
  projectId: string;
  scopes: Scope[];
  name: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

type Db = pg.Pool | pg.PoolClient;

/** Creates a key for a project (the project is created if missing); the returned key is shown once and never again. */
export async function createApiKey(db: Db, options: { projectId: string; scopes: Scope[]; name?: string }): Promise<{ key: string; keyId: string }> {
  const { key, keyId, secret } = formatApiKey(randomBytes(6), randomBytes(32));
  await db.query('INSERT INTO projects (project_id, name) VALUES ($1, $1) ON CONFLICT (project_id) DO NOTHING', [options.projectId]);
  await db.query('INSERT INTO api_keys (key_id, project_id, secret_hash, scopes, name) VALUES ($1, $2, $3, $4, $5)', [
    keyId,
    options.projectId,
    hashSecret(secret),
    options.scopes,
    options.name ?? null,
  ]);
  return { key, keyId };
}

/** Every key (of one project, if given), newest first. */
export async function listApiKeys(db: Db, projectId?: string): Promise<ApiKeyInfo[]> {
  const { rows } = await db.query<{ key_id: string; project_id: string; scopes: Scope[]; name: string | null; created_at: Date; revoked_at: Date | null }>(
    `SELECT key_id, project_id, scopes, name, created_at, revoked_at FROM api_keys
     WHERE $1::text IS NULL OR project_id = $1 ORDER BY created_at DESC, key_id`,
    [projectId ?? null],
  );
  return rows.map((row) => ({ keyId: row.key_id, projectId: row.project_id, scopes: row.scopes, name: row.name, createdAt: row.created_at, revokedAt: row.revoked_at }));
}

/** Revokes a key; false when there is no such active key. */
export async function revokeApiKey(db: Db, keyId: string): Promise<boolean> {
  const result = await db.query('UPDATE api_keys SET revoked_at = now() WHERE key_id = $1 AND revoked_at IS NULL', [keyId]);
  return (result.rowCount ?? 0) > 0;
}

/** Every key not revoked, for the verifiers' in-memory tables. */
export async function readActiveApiKeys(db: Queryable): Promise<ActiveApiKey[]> {
  const rows = await db.rows<{ key_id: string; project_id: string; secret_hash: string; scopes: Scope[] }>({
    text: 'SELECT key_id, project_id, secret_hash, scopes FROM api_keys WHERE revoked_at IS NULL',
    values: [],
  });
  return rows.map((row) => ({ keyId: row.key_id, projectId: row.project_id, secretHash: row.secret_hash, scopes: row.scopes }));
}
