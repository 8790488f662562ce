import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const protoDir = fileURLToPath(new URL('..', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'lumina-proto-gen-'));

function filesUnder(dir: string): Record<string, string> {
  const paths = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) => statSync(join(dir, path)).isFile());
  return Object.fromEntries(paths.map((path) => [path, readFileSync(join(dir, path), 'utf8')]));
}

describe('generated code', () => {
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('matches the .proto files (run `npm run proto` after editing them)', () => {
    // The same buf and protoc-gen-es that `npm run proto` finds on its PATH.
    const binDirs = [join(protoDir, 'node_modules', '.bin'), join(protoDir, '..', 'node_modules', '.bin')];
    const result = spawnSync('buf', ['generate', '--output', outDir], {
      cwd: protoDir,
      env: { ...process.env, PATH: [...binDirs, process.env.PATH].join(delimiter) },
      encoding: 'utf8',
    });
    expect(result.error).toBeUndefined();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(filesUnder(join(outDir, 'src', 'gen'))).toEqual(filesUnder(join(protoDir, 'src', 'gen')));
  });
});
