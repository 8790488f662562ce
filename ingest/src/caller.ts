import { presentedKey } from '@lumina/core';
import type { KeyVerifier } from '@lumina/runtime';
import { IngestError } from './errors.js';

/**
 * The project an export belongs to: the API key's (HTTP header or gRPC metadata, `ingest`
 * scope), or the default project with auth off. Throws the typed error the transports map to
 * 401 / UNAUTHENTICATED, 403 / PERMISSION_DENIED or 503.
 */
export function exportingProject(verifier: KeyVerifier, header: (name: string) => string | undefined | null): string {
  const caller = verifier.check(presentedKey(header), 'ingest');
  if (!caller.ok) throw new IngestError(caller.code, caller.message);
  return caller.projectId;
}
