import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerterEnv } from './support/alerter.js';
import { sendCalls, spread } from './support/llm-calls.js';
import { startPlatform, type TestPlatform } from './support/platform.js';
import { queryRows } from './support/sql.js';
import { waitFor } from './support/wait.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

const HOUR = 3_600_000;
const H = Math.floor(Date.now() / HOUR) * HOUR;
const root = fileURLToPath(new URL('..', import.meta.url));
let platform: TestPlatform;
let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
const children: ChildProcess[] = [];

/** The alerter as its own process (`npm start` runs it so), to be killed with SIGKILL. */
async function spawnAlerter(): Promise<ChildProcess> {
  // node itself (not the tsx launcher, which would leave its child running after a SIGKILL)
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'alerter/src/main.ts')], {
    cwd: root,
    env: { ...process.env, ...alerterEnv(platform, { ALERTER_HTTP_PORT: '0', ALERTER_DELIVERY_LEASE_MS: '2000', LOG_LEVEL: 'info' }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  // ready once it logs that it consumes
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('alerter consuming')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`alerter exited (${code}) before consuming`)));
  });
  return child;
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

beforeAll(async () => {
  platform = await startPlatform();
  hooks = await startWebhookReceiver();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) await kill(child);
  await platform?.stop();
  await hooks?.close();
});

async function counted(ruleId: string, calls: number) {
  await waitFor(
    async () => Number((await queryRows<{ n: string }>(platform.databaseUrl, `SELECT coalesce(sum((stats->>'calls')::int), 0) AS n FROM alert_window_stats WHERE rule_id = $1`, [ruleId]))[0]?.n ?? 0),
    (n) => n >= calls,
    60_000,
    `${calls} calls counted`,
  );
}

describe('an alerter killed mid-incident', () => {
  it('neither loses nor repeats the message', async () => {
    let alerter = await spawnAlerter();
    const created = await fetch(`${platform.queryUrl}/api/alert-rules`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'crash cost', type: 'cost_spike', service: 'crashy', min_samples: 10, webhook_url: hooks.url('/hook') }),
    });
    const ruleId = ((await created.json()) as { rule_id: string }).rule_id;
    for (let hour = 6; hour >= 3; hour -= 1) await sendCalls(platform, 'crashy', spread(H - hour * HOUR, HOUR, 12).map((startMs) => ({ startMs, model: 'small', promptPriceUsd: 1e-6 })));
    await counted(ruleId, 48);

    // The incident starts while the webhook refuses: the alert waits in the outbox, retried.
    hooks.respondWith(503);
    const spike = spread(H - 2 * HOUR, HOUR, 36);
    await sendCalls(platform, 'crashy', spike.slice(0, 12).map((startMs) => ({ startMs, model: 'big', promptPriceUsd: 16e-6 })));
    await waitFor(async () => hooks.attempts.filter((h) => h.path === '/hook').length, (n) => n >= 1, 30_000, 'a refused delivery attempt');
    await kill(alerter);

    // While it is down the incident goes on; the webhook is back.
    hooks.respondWith(200);
    await sendCalls(platform, 'crashy', spike.slice(12, 24).map((startMs) => ({ startMs, model: 'big', promptPriceUsd: 16e-6 })));
    alerter = await spawnAlerter();
    await counted(ruleId, 72);
    await waitFor(async () => hooks.received.filter((h) => h.path === '/hook').length, (n) => n >= 1, 30_000, 'the firing message after the restart');

    // Killed again after delivering, in the middle of the same incident.
    await kill(alerter);
    await sendCalls(platform, 'crashy', spike.slice(24).map((startMs) => ({ startMs, model: 'big', promptPriceUsd: 16e-6 })));
    alerter = await spawnAlerter();
    await counted(ruleId, 84);
    // traffic back to normal: the one resolved message
    await sendCalls(platform, 'crashy', spread(H - HOUR, HOUR, 12).map((startMs) => ({ startMs, model: 'small', promptPriceUsd: 1e-6 })));
    await counted(ruleId, 96);
    await waitFor(async () => hooks.received.filter((h) => h.path === '/hook').length, (n) => n >= 2, 30_000, 'the resolved message');

    const received = hooks.received.filter((h) => h.path === '/hook');
    expect(received.map((h) => h.body.status)).toEqual(['firing', 'resolved']);
    expect(received[1]!.body.alert_id).toBe(received[0]!.body.alert_id);
    expect(hooks.attempts.filter((h) => h.path === '/hook' && h.body.status === 'firing').length).toBeGreaterThan(1); // it was retried
    const alerts = await queryRows(platform.databaseUrl, 'SELECT alert_id FROM alerts WHERE rule_id = $1', [ruleId]);
    expect(alerts).toHaveLength(1);
    await kill(alerter);
  });
});
