import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@lumina/db/testing';
import { seedCalls } from '@lumina/db/testing/seed';
import pg from 'pg';
import { startTestReplay, type TestReplay } from '../../testing/test-replay.js';
import { progressLine } from './progress-bar.js';
import { renderTable } from './tables.js';

describe('the progress line', () => {
  it('shows completed over total, failures and the time so far', () => {
    expect(progressLine({ completed: 40, total: 100, failed: 2, elapsedMs: 12_340 }, 10)).toBe('[████░░░░░░]  40/100 calls · 2 failed · 12.3 s');
    expect(progressLine({ completed: 3, total: 3, failed: 0, elapsedMs: 500 }, 4)).toBe('[████] 3/3 calls · 0 failed · 0.5 s');
    expect(progressLine({ completed: 0, total: 0, failed: 0, elapsedMs: 0 }, 2)).toBe('[██] 0/0 calls · 0 failed · 0.0 s');
  });
});

describe('renderTable', () => {
  it('pads columns to their widest cell, clips long ones, and shows missing values as –', () => {
    expect(renderTable(['a', 'bb'], [['xxx', null], ['y', 'a long cell text']], 8)).toBe(['a    bb', '───  ───────', 'xxx  –', 'y    a long…'].join('\n'));
  });
});

describe('npm run replay', () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const trace = '9'.repeat(32);
  let db: TestDatabase;
  let replay: TestReplay;
  const cli = async (...args: string[]) => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'replay/src/cli.ts', ...args], { cwd: root, env: { ...process.env, REPLAY_URL: replay.url } });
    return run.then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  };

  beforeAll(async () => {
    db = await createTestDatabase('lumina_replay_cli');
    const pool = new pg.Pool({ connectionString: db.url });
    await seedCalls(pool, [
      { traceId: trace, spanId: '0000000000000001', prompt: 'Capital of France?', response: 'Paris is the capital of France.', model: 'gpt-4o' },
      { traceId: trace, spanId: '0000000000000002', startMs: Date.now() - 30_000, prompt: 'And Spain?', response: 'Madrid.', model: 'gpt-4o' },
    ]);
    await pool.end();
    replay = await startTestReplay(db.url);
  });
  afterAll(async () => {
    await replay?.stop();
    await db?.drop();
  });

  it('captures, runs with a progress line, and prints the summary and the calls compared; show and list read them back', async () => {
    const captured = await cli('capture', '--name', 'cli set', '--trace-id', trace);
    expect(captured.code).toBe(0);
    const replayId = /as replay set (\S+)/.exec(captured.stdout)?.[1] as string;
    expect(captured.stdout).toContain('captured 1 traces (2 LLM calls)');

    const ran = await cli('run', replayId, '--model', 'gpt-4o-mini', '--concurrency', '2');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/\] 2\/2 calls · 0 failed · \d+\.\d s/);
    expect(ran.stdout).toContain(`cli set (${replayId}): completed, simulation, 1 traces, 2/2 calls`);
    expect(ran.stdout).toMatch(/avg semantic score\s+\d\.\d{3}/);
    expect(ran.stdout).toMatch(/regressions\s+\d \(score < 0\.7\)/);
    expect(ran.stdout).toContain('gpt-4o → gpt-4o-mini');
    expect(ran.stdout).toContain(`${trace.slice(0, 8)}…/0000000000000001`);
    expect(ran.stdout).toContain(`${trace.slice(0, 8)}…/0000000000000002`);

    const shown = await cli('show', replayId);
    expect(shown.stdout).toContain('gpt-4o → gpt-4o-mini');
    const listed = await cli('list');
    expect(listed.stdout).toMatch(new RegExp(`${replayId}\\s+cli set\\s+completed\\s+simulation\\s+1\\s+2/2`));
  });

  it('says what went wrong: an API error, or how to call it', async () => {
    const unknown = await cli('show', 'no-such-set');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('replay API: 404 not_found: no replay set no-such-set');
    const usage = await cli('fly');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: npm run replay -- <command>');
  });
});
