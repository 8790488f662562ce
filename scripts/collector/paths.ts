import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (scripts/collector/ is two levels down). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const collectorConfigDir = join(repoRoot, 'collector-config');
export const manifestsDir = join(collectorConfigDir, 'manifests');
export const configDir = join(collectorConfigDir, 'config');

/**
 * Everything downloaded or built lives outside the work tree: Go toolchains, the module
 * and build caches, ocb, collector binaries. LUMINA_CACHE_DIR overrides the location.
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.LUMINA_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'lumina');
}

/** Per-run state of collectors started from this checkout (gitignored). */
export const runtimeDir = join(repoRoot, '.lumina', 'collector');
