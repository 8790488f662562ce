import type { Hash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';

/** A `path:` line of an ocb manifest (a module built from local sources). */
const PATH_LINE = /^(\s*(?:-\s+)?path:\s*)(['"]?)([^'"\s#]+)\2(.*)$/gm;

/** The local module folders a manifest builds from, resolved against the manifest's folder. */
export function localModuleDirs(manifestText: string, manifestDir: string): string[] {
  return [...manifestText.matchAll(PATH_LINE)].map((match) => resolve(manifestDir, match[3]!));
}

/**
 * The manifest with every `path:` absolute. Paths in our manifests are relative to the
 * manifest file, but ocb resolves them against its working directory (the output dir).
 */
export function withAbsolutePaths(manifestText: string, manifestDir: string): string {
  return manifestText.replace(PATH_LINE, (_, prefix: string, quote: string, path: string, rest: string) => {
    const absolute = isAbsolute(path) ? path : resolve(manifestDir, path);
    return `${prefix}${quote}${absolute}${quote}${rest}`;
  });
}

/**
 * Feeds what goes into the binary from a local Go module into `hash`: go.mod, go.sum and
 * every non-test .go file, by relative path, in a stable order. Tests and testdata do not
 * change the binary, so editing them does not rebuild.
 */
export async function hashModuleSources(dir: string, hash: Hash): Promise<void> {
  for (const file of await moduleSourceFiles(dir)) {
    hash.update(relative(dir, file));
    hash.update('\0');
    hash.update(await readFile(file));
    hash.update('\0');
  }
}

async function moduleSourceFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'testdata' && !entry.name.startsWith('.')) files.push(...(await moduleSourceFiles(path)));
    } else if (entry.name === 'go.mod' || entry.name === 'go.sum' || (entry.name.endsWith('.go') && !entry.name.endsWith('_test.go'))) {
      files.push(path);
    }
  }
  return files.sort();
}
