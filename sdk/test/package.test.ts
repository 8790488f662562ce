import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const sdkDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let workDir: string;
let appDir: string;
let packedFiles: string[];

/** A script that uses the installed package the way an app would, with an exporter that counts. */
const usage = (load: string) => `
${load}
let exported = 0;
const spanExporter = { export(spans, done) { exported += spans.length; done({ code: 0 }); }, shutdown: async () => {} };
const lumina = sdk.initLumina({ service_name: 'packed-app', spanExporter });
const completion = { object: 'chat.completion', model: 'gpt-4o', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'hi' } }], usage: { prompt_tokens: 2, completion_tokens: 1 } };
lumina.trace(() => lumina.traceLLM(async () => completion, { name: 'packed call', system: 'openai', prompt: 'hello' }), { name: 'packed workflow' })
  .then(async (result) => { await lumina.shutdown(); console.log(JSON.stringify({ mode: lumina.mode, exported, same: result === completion, version: sdk.SDK_VERSION })); });
`;

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'lumina-sdk-pack-'));
  appDir = join(workDir, 'app');
  // `npm pack` runs the package's `prepare` (the build) first.
  const packed = JSON.parse(run(npm, ['pack', '--json', '--pack-destination', workDir], sdkDir)) as { filename: string; files: { path: string }[] }[];
  packedFiles = packed[0]!.files.map((file) => file.path);
  const tarball = join(workDir, packed[0]!.filename);
  mkdirSync(appDir);
  writeFileSync(join(appDir, 'package.json'), JSON.stringify({ name: 'packed-app', version: '1.0.0', private: true }));
  const install = ['install', tarball, '--no-audit', '--no-fund'];
  try {
    run(npm, [...install, '--offline'], appDir);
  } catch {
    run(npm, install, appDir); // a cold npm cache: fetch the dependencies
  }
}, 300_000);
afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('the packed @lumina/sdk tarball', () => {
  it('holds compiled ESM and CommonJS with type declarations, and no TypeScript sources', () => {
    for (const file of ['dist/esm/index.js', 'dist/esm/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/cjs/package.json', 'package.json', 'README.md']) {
      expect(packedFiles).toContain(file);
    }
    expect(packedFiles.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
  });

  it('installed into an empty folder, works from plain node through require', () => {
    writeFileSync(join(appDir, 'use.cjs'), usage(`const sdk = require('@lumina/sdk');`));
    const out = JSON.parse(run(process.execPath, ['use.cjs'], appDir));
    expect(out).toEqual({ mode: 'started', exported: 2, same: true, version: '0.1.0' });
  });

  it('installed into an empty folder, works from plain node through import', () => {
    writeFileSync(join(appDir, 'use.mjs'), usage(`const sdk = await import('@lumina/sdk');`));
    const out = JSON.parse(run(process.execPath, ['use.mjs'], appDir));
    expect(out).toEqual({ mode: 'started', exported: 2, same: true, version: '0.1.0' });
  });
});
