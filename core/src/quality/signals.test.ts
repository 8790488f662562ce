import { describe, expect, it } from 'vitest';
import { robustStat } from '../baselines/robust-stats.js';
import {
  baselineSimilaritySignal,
  combineSignals,
  responseTerms,
  emptyResponseSignal,
  expectsJsonOutput,
  finishReasonSignal,
  jsonOutputSignal,
  lengthOutlierSignal,
  logLength,
  refusalSignal,
} from './index.js';

describe('finish reason signal', () => {
  it('scores a cut-off, filtered or failed call low and a normal stop 1', () => {
    expect(finishReasonSignal('length', 'ok')).toEqual({ score: 0.3, detail: 'length' });
    expect(finishReasonSignal('content_filter', 'ok')).toEqual({ score: 0.1, detail: 'content_filter' });
    expect(finishReasonSignal('error', 'ok')!.score).toBe(0);
    expect(finishReasonSignal('stop', 'ok')).toEqual({ score: 1, detail: 'stop' });
    expect(finishReasonSignal('tool_calls', 'ok')!.score).toBe(1);
  });

  it('scores a span in error 0 and says nothing without a reason', () => {
    expect(finishReasonSignal(null, 'error')).toEqual({ score: 0, detail: 'status_error' });
    expect(finishReasonSignal(null, 'ok')).toBeNull();
  });
});

describe('empty response signal', () => {
  it('scores a missing or blank answer 0, unless the call stopped for tools', () => {
    expect(emptyResponseSignal('', 'stop')).toEqual({ score: 0, detail: 'empty' });
    expect(emptyResponseSignal(null, 'stop', 0)).toEqual({ score: 0, detail: 'no_output_tokens' });
    // Content not captured (or sent as log events later) is not an empty answer.
    expect(emptyResponseSignal(null, 'stop')).toBeNull();
    expect(emptyResponseSignal(null, 'stop', 42)).toBeNull();
    expect(emptyResponseSignal('  \n ', null)!.score).toBe(0);
    expect(emptyResponseSignal(null, 'tool_calls')).toBeNull();
    expect(emptyResponseSignal('Paris.', 'stop')).toBeNull();
  });
});

describe('refusal signal', () => {
  it.each([
    "I'm sorry, but I can't help with that request.",
    'I cannot assist with creating malware.',
    'As an AI language model, I cannot browse the internet.',
    'Unfortunately, I am unable to provide medical advice.',
    'I must decline this request.',
    'Sorry, I can’t do that.',
  ])('flags a refusal: %s', (text) => {
    expect(refusalSignal(text)).toEqual({ score: 0.2, detail: 'refusal' });
  });

  it.each([
    'The capital of France is Paris.',
    'Here is the code. Note that I cannot guarantee it runs on Windows.',
    'Sorry for the wait! The answer is 42.',
  ])('leaves a helpful answer alone: %s', (text) => {
    expect(refusalSignal(text)).toBeNull();
  });
});

describe('JSON output signal', () => {
  it('knows from the attributes when JSON was asked for', () => {
    expect(expectsJsonOutput({ 'gen_ai.output.type': 'json' })).toBe(true);
    expect(expectsJsonOutput({ 'gen_ai.openai.request.response_format': 'json_object' })).toBe(true);
    expect(expectsJsonOutput({ 'gen_ai.request.structured_output_schema': '{"type":"object"}' })).toBe(true);
    expect(expectsJsonOutput({ 'llm.invocation_parameters': '{"temperature":0,"response_format":{"type":"json_schema"}}' })).toBe(true);
    expect(expectsJsonOutput({ 'llm.invocation_parameters': '{"response_mime_type":"application/json"}' })).toBe(true);
    expect(expectsJsonOutput({ 'ai.settings.output': 'object' })).toBe(true);
    expect(expectsJsonOutput({ response_format: 'json' })).toBe(true);
    expect(expectsJsonOutput({ 'gen_ai.output.type': 'text', 'llm.invocation_parameters': '{"temperature":0}' })).toBe(false);
    expect(expectsJsonOutput({})).toBe(false);
  });

  it('scores malformed JSON low and valid (also fenced) JSON 1, only when JSON was asked for', () => {
    expect(jsonOutputSignal('{"city": "Paris"', true)).toEqual({ score: 0.1, detail: 'malformed_json' });
    expect(jsonOutputSignal('Sure! The city is Paris.', true)!.score).toBe(0.1);
    expect(jsonOutputSignal('{"city": "Paris"}', true)).toEqual({ score: 1, detail: 'json' });
    expect(jsonOutputSignal('```json\n{"city": "Paris"}\n```', true)!.score).toBe(1);
    expect(jsonOutputSignal('not json', false)).toBeNull();
    expect(jsonOutputSignal('', true)).toBeNull();
  });
});

describe('response length signal', () => {
  const lengths = Array.from({ length: 40 }, (_, i) => 'x'.repeat(400 + (i % 5) * 20));
  const baseline = robustStat(lengths.map(logLength));

  it('leaves a length within the baseline alone and scores one far outside lower', () => {
    expect(lengthOutlierSignal('y'.repeat(430), baseline, 30)!.score).toBe(1);
    const short = lengthOutlierSignal('Ok.', baseline, 30)!;
    expect(short.score).toBe(0.5);
    expect(short.detail).toMatch(/^length_ratio:0\.0/);
    expect(lengthOutlierSignal('y'.repeat(4000), baseline, 30)!.score).toBeLessThan(1);
  });

  it('says nothing before the minimum sample size', () => {
    expect(lengthOutlierSignal('Ok.', baseline, 100)).toBeNull();
    expect(lengthOutlierSignal('Ok.', null, 30)).toBeNull();
  });
});

describe('baseline similarity signal', () => {
  const earlier = ['The capital of France is Paris, a city on the Seine.', 'Paris is the capital of France.'].map(responseTerms);

  it('scores an answer like the earlier ones 1 and an unrelated one lower, never under 0.6', () => {
    expect(baselineSimilaritySignal('The capital of France is Paris.', earlier)!.score).toBe(1);
    const unrelated = baselineSimilaritySignal('Bananas are rich in potassium and grow in tropical climates.', earlier)!;
    expect(unrelated.score).toBeLessThan(0.9);
    expect(unrelated.score).toBeGreaterThanOrEqual(0.6);
    expect(unrelated.detail).toMatch(/^similarity:0\./);
  });

  it('says nothing without earlier responses to the same prompt', () => {
    expect(baselineSimilaritySignal('Paris.', [])).toBeNull();
  });
});

describe('combineSignals', () => {
  it('multiplies the scores of the signals that applied and keeps them', () => {
    const result = combineSignals({ finish_reason: { score: 0.3, detail: 'length' }, refusal: null, response_length: { score: 0.5 } });
    expect(result.score).toBe(0.15);
    expect(Object.keys(result.signals)).toEqual(['finish_reason', 'response_length']);
  });

  it('scores 1 with no signal and clamps out-of-range scores', () => {
    expect(combineSignals({}).score).toBe(1);
    expect(combineSignals({ odd: { score: 3 } }).score).toBe(1);
    expect(combineSignals({ odd: { score: -1 } }).score).toBe(0);
  });
});
