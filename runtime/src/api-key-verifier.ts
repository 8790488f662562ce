import type { Logger } from 'pino';
import { DEFAULT_PROJECT_ID, grants, parseApiKey, secretMatches, type ActiveApiKey, type Scope } from '@lumina/core';
import { errorText } from './logger.js';

/** Who a request is, or why it is refused (the stable codes of API.md). */
export type Caller =
  | { ok: true; projectId: string; keyId: string | null }
  | { ok: false; code: 'unauthenticated' | 'permission_denied' | 'auth_unavailable'; message: string };

export interface KeyVerifier {
  /** Checks a presented key (null: none presented) for a scope, from memory: no database round trip. */
  check(presented: string | null, scope: Scope): Caller;
  /** Loads the keys now (start-up) and then every refresh interval; revocations take effect within one. */
  start(): Promise<void>;
  stop(): void;
}

/** With AUTH_REQUIRED off every caller is the default project. */
export const OPEN_ACCESS: KeyVerifier = {
  check: () => ({ ok: true, projectId: DEFAULT_PROJECT_ID, keyId: null }),
  start: async () => {},
  stop: () => {},
};

/**
 * Verifies API keys against an in-memory table of the active keys, reloaded every `refreshMs`
 * by `loadKeys` (the service passes db's reader), so a key check costs a hash, never a database
 * round trip, and a revoked key stops working on every replica within one refresh.
 */
export function createKeyVerifier(loadKeys: () => Promise<ActiveApiKey[]>, refreshMs: number, logger: Logger): KeyVerifier {
  let keys: Map<string, ActiveApiKey> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let failing = false;
  const reload = async () => {
    try {
      keys = new Map((await loadKeys()).map((key) => [key.keyId, key]));
      if (failing) logger.info('API keys reloaded');
      failing = false;
    } catch (error) {
      // The last known keys stay in force while the database is away.
      if (!failing) logger.warn({ err: errorText(error) }, 'cannot reload API keys; using the last known ones');
      failing = true;
    }
  };
  return {
    check(presented, scope) {
      if (keys === null) return { ok: false, code: 'auth_unavailable', message: 'API keys could not be loaded yet; retry shortly' };
      if (presented === null) return { ok: false, code: 'unauthenticated', message: 'an API key is required: send Authorization: Bearer <key> or x-api-key' };
      const parsed = parseApiKey(presented);
      const key = parsed ? keys.get(parsed.keyId) : undefined;
      if (!parsed || !key || !secretMatches(parsed.secret, key.secretHash)) return { ok: false, code: 'unauthenticated', message: 'the API key is not valid (unknown, revoked or mistyped)' };
      if (!grants(key.scopes, scope)) return { ok: false, code: 'permission_denied', message: `the API key ${key.keyId} lacks the '${scope}' scope` };
      return { ok: true, projectId: key.projectId, keyId: key.keyId };
    },
    async start() {
      await reload();
      timer = setInterval(() => void reload(), refreshMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
