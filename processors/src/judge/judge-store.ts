import type { Logger } from 'pino';
import { openOptionalRedis } from '@lumina/runtime';

export interface Verdict {
  score: number;
  reason: string;
}

/** Verdicts cached by content hash, and the judge budget shared by every replica (per UTC minute). */
export interface JudgeStore {
  cached(key: string): Promise<Verdict | null>;
  remember(key: string, verdict: Verdict): Promise<void>;
  /** takes one call of this minute's budget; false when it is spent (or Redis is away: judge nothing blind) */
  takeBudget(maxPerMinute: number, nowMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface JudgeStoreOptions {
  redisUrl: string;
  keyPrefix: string;
  ttlSeconds: number;
}

/** Redis away means a cache miss and no budget: the judge is skipped, never the ingest path. */
export function openJudgeStore(options: JudgeStoreOptions, logger: Logger): JudgeStore {
  const { redis, connected, warnOnce } = openOptionalRedis(options.redisUrl, logger, 'quality judge store (Redis) unavailable; judging paused');

  return {
    async cached(key) {
      await connected;
      const text = await redis.get(options.keyPrefix + key).catch((error: unknown) => (warnOnce(error), null));
      if (text === null) return null;
      try {
        const parsed = JSON.parse(text) as Verdict;
        return typeof parsed.score === 'number' && typeof parsed.reason === 'string' ? parsed : null;
      } catch {
        return null;
      }
    },
    async remember(key, verdict) {
      await connected;
      await redis.set(options.keyPrefix + key, JSON.stringify(verdict), 'EX', options.ttlSeconds).catch(warnOnce);
    },
    async takeBudget(maxPerMinute, nowMs) {
      await connected;
      const key = `${options.keyPrefix}budget:${Math.floor(nowMs / 60_000)}`;
      try {
        const [[, used]] = (await redis.multi().incr(key).expire(key, 120).exec()) as [[unknown, number], unknown];
        return used <= maxPerMinute;
      } catch (error) {
        warnOnce(error);
        return false;
      }
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
