import type { MiddlewareHandler } from 'hono';
import { errorBody, presentedKey, type Scope } from '@lumina/core';
import type { KeyVerifier } from './api-key-verifier.js';

const STATUS = { unauthenticated: 401, permission_denied: 403, auth_unavailable: 503 } as const;

/**
 * Hono middleware: the request needs a key with `scope` (per method when a function), and the
 * key's project becomes the `projectId` variable every query filters on. With auth off
 * (OPEN_ACCESS) every caller is the default project.
 */
export function requireApiKey(verifier: KeyVerifier, scope: Scope | ((method: string, path: string) => Scope)): MiddlewareHandler<{ Variables: { projectId: string } }> {
  return async (c, next) => {
    const caller = verifier.check(presentedKey((name) => c.req.header(name)), typeof scope === 'function' ? scope(c.req.method, c.req.path) : scope);
    if (!caller.ok) return c.json(errorBody(caller.code, caller.message), STATUS[caller.code]);
    c.set('projectId', caller.projectId);
    await next();
  };
}
