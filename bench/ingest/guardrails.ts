import pg from 'pg';
import { createApiKey } from '@lumina/db';

/** A variant of the direct path: the same requests with guardrails switched on or off. */
export interface Guardrails {
  label: string;
  /** PII redaction in the processors */
  redaction: boolean;
  /** AUTH_REQUIRED at ingest, with an ingest key sent on every request */
  auth: boolean;
}

/** `--guardrails`: each cost measured on its own, beside the plain path, in the same run. */
export const GUARDRAIL_VARIANTS: Guardrails[] = [
  { label: 'plain', redaction: false, auth: false },
  { label: '+ redaction', redaction: true, auth: false },
  { label: '+ redaction + auth', redaction: true, auth: true },
];

/** The default: what `npm start` runs (redaction on, auth off). */
export const DEFAULT_GUARDRAILS: Guardrails = { label: 'direct to ingest', redaction: true, auth: false };

/** Environment of ingest and processors for a variant, and the headers every request carries. */
export async function guardrailSetup(variant: Guardrails, dbUrl: string): Promise<{ ingestEnv: Record<string, string>; processorEnv: Record<string, string>; headers: Record<string, string> }> {
  const processorEnv = { PII_REDACTION: String(variant.redaction) };
  if (!variant.auth) return { ingestEnv: { AUTH_REQUIRED: 'false', DATABASE_URL: dbUrl }, processorEnv, headers: {} };
  const pool = new pg.Pool({ connectionString: dbUrl, max: 1 });
  try {
    const { key } = await createApiKey(pool, { projectId: 'bench', scopes: ['ingest'] });
    return { ingestEnv: { AUTH_REQUIRED: 'true', DATABASE_URL: dbUrl }, processorEnv, headers: { Authorization: `Bearer ${key}` } };
  } finally {
    await pool.end();
  }
}
