/** Judge verdicts in Redis under core's judgeCacheKey, so the same pair is never judged twice. */
import type { Logger } from 'pino';
import type { JudgeVerdict } from '@lumina/core';
import { openOptionalRedis } from '@lumina/runtime';

export interface JudgeCache {
  get(key: string): Promise<JudgeVerdict | null>;
  set(key: string, verdict: JudgeVerdict): Promise<void>;
  close(): Promise<void>;
}

export interface JudgeCacheOptions {
  redisUrl: string;
  keyPrefix: string;
  ttlSeconds: number;
}

/** Never fails a replay: Redis away means a miss, and a verdict not kept. */
export function openJudgeCache(options: JudgeCacheOptions, logger: Logger): JudgeCache {
  const { redis, connected, warnOnce } = openOptionalRedis(options.redisUrl, logger, 'judge cache unavailable; judging uncached');

  return {
    async get(key) {
      await connected;
      const text = await redis.get(options.keyPrefix + key).catch((error: unknown) => (warnOnce(error), null));
      if (text === null) return null;
      try {
        const parsed = JSON.parse(text) as JudgeVerdict;
        return typeof parsed.score === 'number' && typeof parsed.reason === 'string' ? parsed : null;
      } catch {
        return null;
      }
    },
    async set(key, verdict) {
      await connected;
      await redis.set(options.keyPrefix + key, JSON.stringify(verdict), 'EX', options.ttlSeconds).catch(warnOnce);
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
