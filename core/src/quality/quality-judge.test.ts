import { describe, expect, it } from 'vitest';
import { buildQualityJudgePrompt, isBorderlineQuality, parseQualityJudgeReply, qualityJudgeCacheKey, withJudgeVerdict } from './index.js';

describe('the quality judge tier (pure part)', () => {
  it('asks only about borderline scores', () => {
    expect(isBorderlineQuality(0.2)).toBe(false);
    expect(isBorderlineQuality(0.5)).toBe(true);
    expect(isBorderlineQuality(0.8)).toBe(false);
    expect(isBorderlineQuality(0.5, { low: 0.6, high: 0.9 })).toBe(false);
  });

  it('puts the request and the answer in tagged blocks', () => {
    const prompt = buildQualityJudgePrompt({ prompt: 'What is 2+2?', systemPrompt: null, response: '4' });
    expect(prompt.user).toContain('<request>\nWhat is 2+2?\n</request>');
    expect(prompt.user).toContain('<answer>\n4\n</answer>');
    expect(prompt.system).toMatch(/JSON object/);
  });

  it('reads a verdict strictly', () => {
    expect(parseQualityJudgeReply('{"score": 0.9, "reason": "correct"}')).toEqual({ ok: true, verdict: { score: 0.9, reason: 'correct' } });
    expect(parseQualityJudgeReply('about 0.9').ok).toBe(false);
  });

  it('keys the cache by content and model, not by whitespace', () => {
    const a = qualityJudgeCacheKey({ prompt: 'q', systemPrompt: null, response: 'an  answer' }, 'claude-haiku-4-5');
    expect(qualityJudgeCacheKey({ prompt: 'q', systemPrompt: null, response: 'an answer' }, 'claude-haiku-4-5')).toBe(a);
    expect(qualityJudgeCacheKey({ prompt: 'q', systemPrompt: null, response: 'another' }, 'claude-haiku-4-5')).not.toBe(a);
    expect(qualityJudgeCacheKey({ prompt: 'q', systemPrompt: null, response: 'an answer' }, 'gpt-4o-mini')).not.toBe(a);
  });

  it('lets the verdict settle the score and keeps the local signals beside it', () => {
    const result = withJudgeVerdict(0.6, { response_length: { score: 0.6 } }, { score: 0.95, reason: 'fine' }, 'm');
    expect(result.score).toBe(0.95);
    expect(result.signals.response_length).toEqual({ score: 0.6 });
    expect(result.signals.judge!.detail).toBe('m (local 0.6): fine');
  });
});
