import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * API keys: `lmn_<12 hex>_<43 base64url>`. The first part (`lmn_<12 hex>`) is the key id: public,
 * shown in listings and logs. The rest is the secret: shown once, stored only as a SHA-256 hash.
 */
export const SCOPES = ['ingest', 'read', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

const KEY_PATTERN = /^(lmn_[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** What a verifier needs of an active (not revoked) key. */
export interface ActiveApiKey {
  keyId: string;
  projectId: string;
  secretHash: string;
  scopes: Scope[];
}

export interface ParsedApiKey {
  keyId: string;
  secret: string;
}

/** The key id and secret of a presented key, or null when it is not shaped like one of ours. */
export function parseApiKey(text: string): ParsedApiKey | null {
  const match = KEY_PATTERN.exec(text.trim());
  return match ? { keyId: match[1]!, secret: match[2]! } : null;
}

/** A key from its random parts (6 bytes of id, 32 of secret): the caller brings the randomness. */
export function formatApiKey(idBytes: Uint8Array, secretBytes: Uint8Array): { key: string; keyId: string; secret: string } {
  const keyId = `lmn_${Buffer.from(idBytes).toString('hex')}`;
  const secret = Buffer.from(secretBytes).toString('base64url');
  return { key: `${keyId}_${secret}`, keyId, secret };
}

/** What is stored of a secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Whether a presented secret matches the stored hash, in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** `admin` may do everything; the other scopes only what they name. */
export function grants(scopes: readonly string[], needed: Scope): boolean {
  return scopes.includes(needed) || scopes.includes('admin');
}
