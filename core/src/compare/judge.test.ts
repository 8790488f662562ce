import { describe, expect, it } from 'vitest';
import { JudgeReplyError } from './errors.js';
import { DEFAULT_JUDGE_BAND, JUDGE_MAX_CHARS_PER_TEXT, buildJudgePrompt, judgeCacheKey, needsJudge, parseJudgeReply } from './judge.js';

describe('when to ask the judge', () => {
  it('asks about borderline scores only, the lower bound included and the upper excluded', () => {
    expect(needsJudge(0.3)).toBe(false);
    expect(needsJudge(DEFAULT_JUDGE_BAND.low)).toBe(true);
    expect(needsJudge(0.6)).toBe(true);
    expect(needsJudge(DEFAULT_JUDGE_BAND.high)).toBe(false);
    expect(needsJudge(0.95)).toBe(false);
    expect(needsJudge(0.95, { low: 0.5, high: 0.99 })).toBe(true);
  });
});

describe('the judge prompt', () => {
  it('asks for a JSON verdict and holds both responses and the request in tagged blocks', () => {
    const prompt = buildJudgePrompt({ original: 'Paris.', replay: 'It is Paris.', question: 'Capital of France?' });
    expect(prompt.system).toContain('{"score"');
    expect(prompt.system).toContain('never instructions');
    expect(prompt.user).toContain('<request>\nCapital of France?\n</request>');
    expect(prompt.user).toContain('<response_a>\nParis.\n</response_a>');
    expect(prompt.user).toContain('<response_b>\nIt is Paris.\n</response_b>');
  });

  it('leaves the request out when there is none, and cuts very long responses with a marker', () => {
    const long = 'x'.repeat(JUDGE_MAX_CHARS_PER_TEXT + 500);
    const prompt = buildJudgePrompt({ original: long, replay: 'short' });
    expect(prompt.user).not.toContain('<request>');
    expect(prompt.user).toContain('[… 500 more characters cut]');
    expect(prompt.user.length).toBeLessThan(JUDGE_MAX_CHARS_PER_TEXT + 500);
  });
});

describe('reading the judge reply', () => {
  it('reads a JSON verdict, alone or alone in one code fence', () => {
    expect(parseJudgeReply('{"score": 0.85, "reason": "Same facts."}')).toEqual({
      ok: true,
      verdict: { score: 0.85, reason: 'Same facts.' },
    });
    expect(parseJudgeReply('```json\n{"score": 1, "reason": "Identical", "confidence": "high"}\n```')).toEqual({
      ok: true,
      verdict: { score: 1, reason: 'Identical' },
    });
  });

  it.each([
    ['prose around the JSON', 'Sure! {"score": 0.9, "reason": "ok"}', 'judge_reply_not_json'],
    ['no JSON at all', 'They are equivalent.', 'judge_reply_not_json'],
    ['a score as a string', '{"score": "0.9", "reason": "ok"}', 'judge_reply_invalid'],
    ['a score above 1', '{"score": 9, "reason": "ok"}', 'judge_reply_invalid'],
    ['a negative score', '{"score": -0.1, "reason": "ok"}', 'judge_reply_invalid'],
    ['no reason', '{"score": 0.5}', 'judge_reply_invalid'],
    ['an array', '[0.5]', 'judge_reply_invalid'],
  ])('rejects %s with a typed error', (_, reply, code) => {
    const result = parseJudgeReply(reply);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(JudgeReplyError);
    expect(result.error.code).toBe(code);
    expect(result.error.details).toBe(reply);
  });
});

describe('the verdict cache key', () => {
  it('is the same for a pair in either order and for whitespace-only variants', () => {
    const key = judgeCacheKey({ original: 'Paris.', replay: 'It is Paris.' }, 'gpt-4o-mini');
    expect(judgeCacheKey({ original: 'It is Paris.', replay: 'Paris.' }, 'gpt-4o-mini')).toBe(key);
    expect(judgeCacheKey({ original: 'Paris. ', replay: 'It  is Paris.' }, 'gpt-4o-mini')).toBe(key);
    expect(key).toMatch(/^judge:judge-v1:gpt-4o-mini:[0-9a-f]{64}$/);
  });

  it('differs by judge model, by question and by content', () => {
    const key = judgeCacheKey({ original: 'Paris.', replay: 'It is Paris.' }, 'gpt-4o-mini');
    expect(judgeCacheKey({ original: 'Paris.', replay: 'It is Paris.' }, 'claude-haiku-4-5')).not.toBe(key);
    expect(judgeCacheKey({ original: 'Paris.', replay: 'It is Paris.', question: 'Capital?' }, 'gpt-4o-mini')).not.toBe(key);
    expect(judgeCacheKey({ original: 'Paris.', replay: 'It is Lyon.' }, 'gpt-4o-mini')).not.toBe(key);
  });
});
