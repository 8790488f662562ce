import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initLumina, LuminaApiError, LuminaError, type LuminaClient } from '../src/index.js';
import { startRecordingApi, type RecordedRequest, type RecordingApi } from './support/recording-api.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';

const replaySet = { replay_id: 'rp_1', name: 'nightly', status: 'running', total_traces: 2, completed_traces: 0, mode: 'simulation' };

/** Answers as API.md says the query and replay APIs do. */
function apiAnswer(request: RecordedRequest) {
  if (request.path === `/api/spans/${TRACE_ID}/ffffffffffffffff/feedback`) {
    return { status: 404, body: { error: { code: 'span_not_found', message: 'no such span' } } };
  }
  if (request.path.endsWith('/feedback')) return { status: 201, body: { trace_id: TRACE_ID, span_id: SPAN_ID, score: (request.body as { score: number }).score } };
  if (request.path === '/replay/capture') {
    const ids = (request.body as { trace_ids?: string[] }).trace_ids;
    if (ids?.includes('missing')) return { status: 400, body: { error: { code: 'unknown_trace', message: 'trace missing does not exist', details: { trace_ids: ['missing'] } } } };
    return { status: 201, body: { replay_id: 'rp_1', name: 'nightly', status: 'pending', total_traces: 2 } };
  }
  if (request.path.startsWith('/replay/run')) return { status: request.path.includes('wait=true') ? 200 : 202, body: replaySet };
  if (request.path === '/replay/rp_1') return { status: 200, body: { ...replaySet, status: 'completed', completed_traces: 2 } };
  if (request.path === '/replay/rp_1/diff') return { status: 200, body: { results: [] } };
  return { status: 500, body: 'not json' };
}

let api: RecordingApi;
let lumina: LuminaClient;
beforeAll(async () => {
  api = await startRecordingApi(apiAnswer);
  lumina = initLumina({ service_name: 'api-tests', queryUrl: api.url, replayUrl: `${api.url}/`, apiKey: 'secret', register: false });
});
afterAll(async () => {
  await lumina?.shutdown();
  await api?.stop();
});

const last = () => api.requests.at(-1)!;

describe('addFeedback', () => {
  it('posts the score and comment to the span feedback endpoint with the API key', async () => {
    const answer = await lumina.addFeedback(TRACE_ID, SPAN_ID, { score: 0.8, comment: 'helpful', source: 'thumbs' });
    expect(answer).toEqual({ trace_id: TRACE_ID, span_id: SPAN_ID, score: 0.8 });
    expect(last()).toMatchObject({
      method: 'POST',
      path: `/api/spans/${TRACE_ID}/${SPAN_ID}/feedback`,
      body: { score: 0.8, comment: 'helpful', source: 'thumbs' },
      headers: { authorization: 'Bearer secret', 'content-type': 'application/json' },
    });
  });

  it('turns the API error body into a LuminaApiError with its status and code', async () => {
    const error = await lumina.addFeedback(TRACE_ID, 'ffffffffffffffff', { score: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LuminaApiError);
    expect(error).toMatchObject({ status: 404, code: 'span_not_found', message: 'no such span' });
  });

  it('refuses a score outside 0..1 or a malformed id before sending anything', async () => {
    const sent = api.requests.length;
    await expect(lumina.addFeedback(TRACE_ID, SPAN_ID, { score: 1.5 })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(lumina.addFeedback('abc', SPAN_ID, { score: 0.5 })).rejects.toBeInstanceOf(LuminaError);
    expect(api.requests).toHaveLength(sent);
  });

  it('reports an unreachable API as request_failed', async () => {
    const offline = initLumina({ service_name: 'x', queryUrl: 'http://127.0.0.1:9', register: false });
    await expect(offline.addFeedback(TRACE_ID, SPAN_ID, { score: 0.1 })).rejects.toMatchObject({ code: 'request_failed' });
    await offline.shutdown();
  });
});

describe('replay', () => {
  it('createReplaySet posts the capture request in the API field names', async () => {
    const captured = await lumina.createReplaySet({ name: 'nightly', traceIds: [TRACE_ID], filters: { model: 'gpt-4o', timeRange: '24h', sampleSize: 50 } });
    expect(captured).toEqual({ replay_id: 'rp_1', name: 'nightly', status: 'pending', total_traces: 2 });
    expect(last()).toMatchObject({
      method: 'POST',
      path: '/replay/capture',
      body: { name: 'nightly', trace_ids: [TRACE_ID], filters: { model: 'gpt-4o', time_range: '24h', sample_size: 50 } },
    });
  });

  it('createReplaySet surfaces a 400 with the API code and details', async () => {
    await expect(lumina.createReplaySet({ name: 'bad', traceIds: ['missing'] })).rejects.toMatchObject({ status: 400, code: 'unknown_trace', details: { trace_ids: ['missing'] } });
  });

  it('replayTraces posts the run with its overrides, and waits when asked', async () => {
    const started = await lumina.replayTraces({ replayId: 'rp_1', model: 'claude-haiku-4-5', provider: 'anthropic', systemPrompt: 'Be brief.', maxTokens: 200, concurrency: 4 });
    expect(started).toMatchObject({ replay_id: 'rp_1', status: 'running' });
    expect(last()).toMatchObject({
      path: '/replay/run',
      body: { replay_id: 'rp_1', model: 'claude-haiku-4-5', provider: 'anthropic', system_prompt: 'Be brief.', max_tokens: 200, concurrency: 4 },
    });
    await lumina.replayTraces({ replayId: 'rp_1', wait: true });
    expect(last()).toMatchObject({ path: '/replay/run?wait=true', body: { replay_id: 'rp_1' } });
  });

  it('reads a replay set and its diff', async () => {
    expect(await lumina.getReplaySet('rp_1')).toMatchObject({ status: 'completed', completed_traces: 2 });
    expect(await lumina.getReplayDiff('rp_1')).toEqual({ results: [] });
    expect(last()).toMatchObject({ method: 'GET', path: '/replay/rp_1/diff', headers: { authorization: 'Bearer secret' } });
  });
});
