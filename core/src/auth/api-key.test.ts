import { describe, expect, it } from 'vitest';
import { formatApiKey, grants, hashSecret, parseApiKey, secretMatches } from './api-key.js';
import { presentedKey } from './presented-key.js';

const key = formatApiKey(new Uint8Array(6).fill(0xab), new Uint8Array(32).fill(7));

describe('API keys', () => {
  it('format as lmn_<id>_<secret>, and parse back into id and secret', () => {
    expect(key.key).toMatch(/^lmn_abababababab_[A-Za-z0-9_-]{43}$/);
    expect(parseApiKey(key.key)).toEqual({ keyId: 'lmn_abababababab', secret: key.secret });
    expect(parseApiKey(`  ${key.key}\n`)).toEqual({ keyId: key.keyId, secret: key.secret });
  });

  it.each(['', 'lmn_abababababab', `${key.key}x`, key.key.replace('lmn_', 'sk_'), 'Bearer x'])('refuse the malformed key %j', (text) => {
    expect(parseApiKey(text)).toBeNull();
  });

  it('match a secret only against its own hash', () => {
    expect(secretMatches(key.secret, hashSecret(key.secret))).toBe(true);
    expect(secretMatches(`${key.secret.slice(0, -1)}A`, hashSecret(key.secret))).toBe(false);
    expect(secretMatches(key.secret, 'abcd')).toBe(false);
  });

  it('grant what a scope names, and everything to admin', () => {
    expect(grants(['ingest'], 'ingest')).toBe(true);
    expect(grants(['ingest'], 'read')).toBe(false);
    expect(grants(['read'], 'admin')).toBe(false);
    expect(grants(['admin'], 'read')).toBe(true);
  });

  it('are read from a Bearer authorization or an x-api-key header', () => {
    const headers = (values: Record<string, string>) => (name: string) => values[name];
    expect(presentedKey(headers({ authorization: `Bearer ${key.key}` }))).toBe(key.key);
    expect(presentedKey(headers({ authorization: `bearer  ${key.key} ` }))).toBe(key.key);
    expect(presentedKey(headers({ 'x-api-key': key.key }))).toBe(key.key);
    expect(presentedKey(headers({ authorization: 'Basic abc' }))).toBeNull();
    expect(presentedKey(headers({}))).toBeNull();
  });
});
