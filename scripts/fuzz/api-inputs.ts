import { hostileHexId, hostileJsonNumber, hostileString } from './hostile-values.js';
import type { HttpInput } from './ingest-inputs.js';
import { hostileJsonValue, mutateJson } from './mutate.js';
import type { Random } from './random.js';

const SPAN_FILTERS = ['service', 'model', 'provider', 'status', 'tag', 'user_id', 'session_id', 'from', 'to', 'min_cost', 'max_cost', 'min_latency', 'max_latency', 'min_feedback', 'max_feedback', 'q'];
const LIST_PARAMS = [...SPAN_FILTERS, 'limit', 'cursor'];
const ANALYTICS_PARAMS = ['from', 'to', 'service', 'model', 'provider', 'group_by', 'interval', 'breakdown_limit'];
const EXPORT_PARAMS = [...SPAN_FILTERS, 'format', 'limit'];

/** Values that are nearly right for some parameter, beside hostile ones. */
function paramValue(random: Random): string {
  if (random.chance(0.45)) return hostileString(random, 300);
  return random.pick([
    'gpt-4o', 'openai', 'ok', 'error', 'degraded', 'model', 'tag', 'service', 'hour', 'day', 'minute', 'ndjson', 'otlp_json',
    '2026-12-03', '2026-12-03T00:00:00Z', '2026-02-30', '0000-01-01', '9999-12-31T23:59:59.999999999+14:00', '2026-12-03 10:00', '1970-01-01T00:00:00-99:99',
    '0', '1', '-1', '500', '501', '100000000', '1e3', '1e309', '.5', '+1', '0.0000001', '9999999999999999', '-9999999999999999', '8640000000000001', '-62135596800000',
    '-8639999999999999', '253402300800000', '99999999', String(Date.now()), 'eyJ0IjoiMjAyNi0xMi0wMyJ9', 'eyJ0IjoxLCJpIjoiJyBPUiAxPTEgLS0ifQ', 'e30', 'bnVsbA', 'W10',
    'hello world', '"phrase"', 'a b c d e f g h i j', '*', '%', '_', "''", '\\', 'a:b',
  ]);
}

/** Percent-encodes, or (sometimes) writes the value raw with broken escapes and bytes that are not UTF-8. */
function encodeValue(random: Random, value: string): string {
  if (random.chance(0.9)) return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ufffd'));
  return random.pick(['%', '%z', '%ff', '%c0%80', '%ed%a0%80', '%00', '%e2%82', '+%2B+', '%25%', value.replace(/[^\x21-\x7e]/g, '')]);
}

function queryString(random: Random, names: string[]): string {
  if (random.chance(0.01)) {
    // Long enough to reach the app, under Node's 16 KiB header limit; sometimes past it.
    const size = random.chance(0.8) ? random.int(4000, 15_000) : random.int(17_000, 100_000);
    return `q=${'a'.repeat(size)}`;
  }
  const pairs: string[] = [];
  const count = random.int(0, 6);
  for (let i = 0; i < count; i += 1) {
    const name = random.chance(0.9) ? random.pick(names) : hostileString(random, 32);
    pairs.push(`${encodeValue(random, name)}=${encodeValue(random, paramValue(random))}`);
    if (random.chance(0.05)) pairs.push(`${encodeValue(random, name)}=${encodeValue(random, paramValue(random))}`); // repeated
  }
  if (random.chance(0.03)) pairs.push(random.pick(['&&&', '=', '==', 'limit', 'limit=', '=x', '[]=1', 'a[b]=c', '__proto__=1', 'constructor[prototype]=1']));
  return pairs.join('&');
}

/** A UUID-shaped id from the seeded generator (replay set ids are UUIDs). */
function uuid(random: Random): string {
  const h = random.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`;
}

const withQuery = (path: string, query: string) => (query === '' ? path : `${path}?${query}`);

/** A request to the query API: every route, with hostile parameters, ids and bodies. */
export function queryApiInput(random: Random): HttpInput {
  const route = random.weighted({ traces: 4, spans: 3, trace: 3, analytics: 4, export: 1.5, feedback: 2, other: 0.5 });
  switch (route) {
    case 'traces':
      return { method: 'GET', path: withQuery('/api/traces', queryString(random, LIST_PARAMS)), headers: {} };
    case 'spans':
      return { method: 'GET', path: withQuery('/api/spans', queryString(random, LIST_PARAMS)), headers: {} };
    case 'trace':
      return { method: 'GET', path: `/api/traces/${encodeValue(random, hostileHexId(random, 32))}`, headers: {} };
    case 'analytics': {
      const kind = random.pick(['cost', 'latency', 'tokens', 'quality', 'COST', 'cost/', '']);
      return { method: 'GET', path: withQuery(`/api/analytics/${kind}`, queryString(random, ANALYTICS_PARAMS)), headers: {} };
    }
    case 'export': {
      // A small limit keeps an export of everything stored from dominating the run.
      const query = queryString(random, EXPORT_PARAMS);
      return { method: 'GET', path: withQuery('/api/export', random.chance(0.8) ? `${query}&limit=${random.int(1, 50)}` : query), headers: {} };
    }
    case 'feedback': {
      const path = `/api/spans/${encodeValue(random, hostileHexId(random, 32))}/${encodeValue(random, hostileHexId(random, 16))}/feedback`;
      const body = { score: random.chance(0.5) ? random.float() : hostileJsonNumber(random), comment: hostileString(random, 20_000), source: hostileString(random, 120) };
      return jsonRequest(random, 'POST', path, mutateJson(random, body, random.int(0, 3)));
    }
    case 'other':
      return {
        method: random.pick(['GET', 'POST', 'DELETE', 'PUT', 'HEAD', 'OPTIONS']),
        path: random.pick(['/openapi.json', '/metrics', '/health', '/api', '/api/', '/api/traces/', '/api/alert-rules', '/api/alerts', '/%ff', '/api/traces/%00', `/${hostileString(random, 64).replace(/[^\x21-\x7e]/g, '')}`]),
        headers: {},
      };
  }
}

/** A request to the replay API: capture and run bodies with hostile values and shapes, set ids of every kind. */
export function replayApiInput(random: Random): HttpInput {
  const route = random.weighted({ capture: 4, run: 3, list: 1, set: 2, diff: 2, other: 0.5 });
  const setId = () => encodeValue(random, random.chance(0.3) ? uuid(random) : random.chance(0.5) ? hostileHexId(random, 32) : hostileString(random, 64));
  switch (route) {
    case 'capture': {
      const body = {
        name: hostileString(random, 250),
        description: hostileString(random, 2500),
        ...(random.chance(0.5) ? { trace_ids: Array.from({ length: random.int(0, 4) }, () => hostileHexId(random, 32)) } : {}),
        ...(random.chance(0.6)
          ? {
              filters: {
                service: hostileString(random, 64),
                model: random.pick(['gpt-4o', hostileString(random, 64)]),
                from: random.chance(0.5) ? paramValue(random) : hostileJsonNumber(random),
                to: random.chance(0.5) ? paramValue(random) : hostileJsonNumber(random),
                time_range: random.pick(['24h', '30m', '7d', '0h', '-1h', '999999999d', '1e9h', 'h', hostileString(random, 16)]),
                sample_size: hostileJsonNumber(random),
                seed: random.chance(0.5) ? hostileString(random, 64) : hostileJsonNumber(random),
              },
            }
          : {}),
      };
      return jsonRequest(random, 'POST', '/replay/capture', mutateJson(random, body, random.int(0, 4)));
    }
    case 'run': {
      const body = {
        replay_id: random.chance(0.4) ? uuid(random) : hostileString(random, 64),
        model: random.pick(['gpt-4o', 'claude-sonnet-4-5', hostileString(random, 64)]),
        provider: random.pick(['openai', 'anthropic', hostileString(random, 32)]),
        system_prompt: hostileString(random, 5000),
        prompt_template: random.pick(['{{input}}', '{{', '}}{{input}}{{input}}', hostileString(random, 5000)]),
        temperature: hostileJsonNumber(random),
        max_tokens: hostileJsonNumber(random),
        concurrency: hostileJsonNumber(random),
      };
      const wait = random.chance(0.05) ? `?wait=${random.pick(['true', '1', 'yes', '%ff'])}` : '';
      return jsonRequest(random, 'POST', `/replay/run${wait}`, mutateJson(random, body, random.int(0, 4)));
    }
    case 'list':
      return { method: 'GET', path: withQuery('/replay', queryString(random, ['limit', 'status', 'cursor', 'name'])), headers: {} };
    case 'set':
      return { method: 'GET', path: `/replay/${setId()}`, headers: {} };
    case 'diff':
      return { method: 'GET', path: withQuery(`/replay/${setId()}/diff`, queryString(random, ['limit', 'regressions', 'status'])), headers: {} };
    case 'other':
      return { method: random.pick(['DELETE', 'PUT', 'PATCH', 'GET']), path: random.pick(['/replay/capture', '/replay/run', '/replay/', '/replay//diff', '/openapi.json', '/metrics']), headers: {} };
  }
}

/** A JSON request, sometimes with the wrong content type, a broken or empty body, or not JSON at all. */
function jsonRequest(random: Random, method: string, path: string, body: unknown): HttpInput {
  const roll = random.float();
  const text = roll < 0.8 ? JSON.stringify(body) : roll < 0.87 ? JSON.stringify(body).slice(0, random.int(0, 40)) : roll < 0.92 ? JSON.stringify(hostileJsonValue(random)) : roll < 0.95 ? '' : `${'['.repeat(random.int(100, 100_000))}`;
  const type = random.chance(0.9) ? 'application/json' : random.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', '']);
  return { method, path, headers: type === '' ? {} : { 'content-type': type }, body: Buffer.from(text) };
}
