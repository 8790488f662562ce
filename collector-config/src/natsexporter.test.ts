/**
 * The NATS exporter's own Go tests (collector-config/natsexporter), in `npm test` so that CI
 * runs them: each starts a private nats-server with JetStream on a free port, never the
 * shared one.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { findGo, goEnv } from '../../scripts/collector/go.js';

const moduleDir = join(import.meta.dirname, '..', 'natsexporter');

function goTest(goBinary: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(goBinary, ['test', '-count=1', './...'], { cwd: moduleDir, env: goEnv(goBinary) });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the NATS exporter (Go)', () => {
  it('passes its tests against a real nats-server', async () => {
    const result = await goTest(await findGo());
    expect(result.output).toMatch(/^ok\s+github\.com\/lumina-observability\/lumina\/collector-config\/natsexporter\s/m);
    expect(result.code, result.output).toBe(0);
  }, 10 * 60_000);
});
