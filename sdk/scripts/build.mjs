// Builds dist/esm (ES modules) and dist/cjs (CommonJS), each with type declarations,
// with two passes of the TypeScript compiler. Run by `prepare`, so `npm install`/`npm ci`
// at the repository root and `npm pack` build the package.
//
// The new build is made beside the old one and swapped in at the end, so a process loading
// the package meanwhile (a test running while `npm pack` rebuilds) never sees a half-built dist.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
const staging = join(root, `dist.build-${process.pid}`);
const retired = join(root, `dist.old-${process.pid}`);
const dist = join(root, 'dist');

try {
  for (const [config, format] of [['tsconfig.esm.json', 'esm'], ['tsconfig.cjs.json', 'cjs']]) {
    execFileSync(process.execPath, [tsc, '-p', join(root, config), '--outDir', join(staging, format)], { stdio: 'inherit' });
  }
  // The package is "type": "module"; this marks the CommonJS tree as such for Node.
  mkdirSync(join(staging, 'cjs'), { recursive: true });
  writeFileSync(join(staging, 'cjs/package.json'), '{ "type": "commonjs" }\n');
  if (existsSync(dist)) renameSync(dist, retired);
  renameSync(staging, dist);
} finally {
  rmSync(staging, { recursive: true, force: true });
  rmSync(retired, { recursive: true, force: true });
}
