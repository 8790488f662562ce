/**
 * Manages API keys: `npm run keys -- create|list|revoke`. Talks to Postgres (DATABASE_URL);
 * running services pick changes up within AUTH_KEYS_REFRESH_MS.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DEFAULT_DATABASE_URL, SCOPES, type Scope } from '@lumina/core';
import { createApiKey, listApiKeys, migrate, revokeApiKey } from '@lumina/db';

const USAGE = `usage:
  npm run keys -- create --project <id> --scopes ingest,read,admin [--name <label>] [--json]
  npm run keys -- list [--project <id>] [--json]
  npm run keys -- revoke <key-id>`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function scopesOf(text: string | undefined): Scope[] {
  const scopes = (text ?? '').split(',').map((scope) => scope.trim()).filter(Boolean);
  if (scopes.length === 0) fail('--scopes is required');
  const unknown = scopes.filter((scope) => !(SCOPES as readonly string[]).includes(scope));
  if (unknown.length > 0) fail(`unknown scope(s): ${unknown.join(', ')}; scopes are ${SCOPES.join(', ')}`);
  return scopes as Scope[];
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { project: { type: 'string' }, scopes: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean', default: false } },
});
const [command, ...rest] = positionals;
const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
await migrate(databaseUrl, () => undefined);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });

try {
  if (command === 'create') {
    if (!values.project) fail('--project is required');
    const created = await createApiKey(pool, { projectId: values.project, scopes: scopesOf(values.scopes), name: values.name });
    if (values.json) console.log(JSON.stringify({ key: created.key, key_id: created.keyId, project_id: values.project }));
    else console.log(`${created.key}\n\nkey id ${created.keyId} for project ${values.project}. The key is shown this once; Lumina keeps only its hash.`);
  } else if (command === 'list') {
    const keys = await listApiKeys(pool, values.project);
    if (values.json) console.log(JSON.stringify(keys.map((key) => ({ key_id: key.keyId, project_id: key.projectId, scopes: key.scopes, name: key.name, created_at: key.createdAt, revoked_at: key.revokedAt }))));
    else
      console.table(
        keys.map((key) => ({
          key_id: key.keyId,
          project: key.projectId,
          scopes: key.scopes.join(','),
          name: key.name ?? '',
          created: key.createdAt.toISOString(),
          revoked: key.revokedAt?.toISOString() ?? '',
        })),
      );
  } else if (command === 'revoke') {
    const keyId = rest[0] ?? fail('the key id to revoke is required');
    if (!(await revokeApiKey(pool, keyId))) fail(`no active key ${keyId}`);
    console.log(`revoked ${keyId}; every service refuses it within AUTH_KEYS_REFRESH_MS`);
  } else {
    fail(command ? `unknown command ${command}` : 'a command is required');
  }
} finally {
  await pool.end();
}
