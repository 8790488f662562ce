import { SpanKind } from '@opentelemetry/api';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertProject } from '@lumina/db';
import { otlpExporter, withTracer } from './support/otel.js';
import { startPlatform, type TestPlatform } from './support/platform.js';
import { waitFor } from './support/wait.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startPlatform({ processorEnv: { PROJECT_SETTINGS_REFRESH_MS: '200' } });
});
afterAll(async () => {
  await platform?.stop();
});

interface StoredSpan {
  name: string;
  prompt: string | null;
  response: string | null;
  system_prompt: string | null;
  attributes: Record<string, unknown>;
  redactions: Record<string, number> | null;
}

/** Sends one LLM call over OTLP and reads it back from the query API. */
async function sendCall(name: string, prompt: string, response: string, attributes: Record<string, string> = {}): Promise<StoredSpan> {
  let traceId = '';
  await withTracer(otlpExporter('http/protobuf', platform), { 'service.name': 'pii-test' }, (tracer) => {
    const span = tracer.startSpan(name, {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.usage.input_tokens': 20,
        'gen_ai.usage.output_tokens': 10,
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: prompt }] }]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: response }] }]),
        ...attributes,
      },
    });
    traceId = span.spanContext().traceId;
    span.end();
  });
  const trace = await waitFor(
    async () => (await fetch(`${platform.queryUrl}/api/traces/${traceId}`)).json() as Promise<{ spans?: StoredSpan[] }>,
    (body) => (body.spans?.length ?? 0) === 1,
    20_000,
    `trace of ${name}`,
  );
  return trace.spans![0]!;
}

describe('PII redaction in the processors, before anything is stored', () => {
  it('replaces personal data and secrets in prompts, responses and attributes, counts them, and keeps near misses', async () => {
    const stored = await sendCall(
      'chat with pii',
      'I am jane.doe@example.com, card 4111 1111 1111 1111, order 4111 1111 1111 1112, call +1 415 555 0132',
      'Your SSN 123-45-6789 is on file; key sk-proj-abcdefghijklmnopqrstuvwx1234',
      { 'app.customer_email': 'bob@example.org', 'app.order_id': 'A-2024-0001' },
    );
    expect(stored.prompt).toBe('I am [REDACTED:email], card [REDACTED:card_number], order 4111 1111 1111 1112, call [REDACTED:phone]');
    expect(stored.response).toBe('Your SSN [REDACTED:us_ssn] is on file; key [REDACTED:openai_key]');
    expect(stored.attributes).toMatchObject({ 'app.customer_email': '[REDACTED:email]', 'app.order_id': 'A-2024-0001' });
    expect(stored.redactions).toEqual({ email: 2, card_number: 1, phone: 1, us_ssn: 1, openai_key: 1 });
    const raw = new pg.Client({ connectionString: platform.databaseUrl });
    await raw.connect();
    try {
      const { rows } = await raw.query("SELECT count(*)::int AS n FROM spans WHERE prompt LIKE '%jane.doe%' OR attributes::text LIKE '%bob@example%'");
      expect(rows[0].n).toBe(0);
    } finally {
      await raw.end();
    }
  });

  it("follows a project's own switches and patterns, within the settings refresh", async () => {
    const pool = new pg.Pool({ connectionString: platform.databaseUrl });
    try {
      await upsertProject(pool, { projectId: 'default', redaction: { disabled_kinds: ['phone'], patterns: [{ kind: 'employee_id', pattern: 'EMP-\\d{6}' }] } });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const stored = await sendCall('chat with project rules', 'EMP-004211 calls +1 415 555 0132 from jane@example.com', 'ok');
      expect(stored.prompt).toBe('[REDACTED:employee_id] calls +1 415 555 0132 from [REDACTED:email]');
      expect(stored.redactions).toEqual({ employee_id: 1, email: 1 });
    } finally {
      await upsertProject(pool, { projectId: 'default', redaction: {} });
      await pool.end();
    }
  });

  it('stores a span without personal data untouched, with no redaction counts', async () => {
    const stored = await sendCall('plain chat', 'What is the capital of France?', 'Paris.');
    expect(stored).toMatchObject({ prompt: 'What is the capital of France?', response: 'Paris.', redactions: null });
  });
});
