/** Judge verdicts in Redis under core's judgeCacheKey, so the same pair is never judged twice. */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { JudgeVerdict } from '@lumina/core';
import { errorText } from '@lumina/runtime';

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
  const redis = new Redis(options.redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    commandTimeout: 1_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let warned = false;
  const warnOnce = (error: unknown) => {
    if (!warned) logger.warn({ err: errorText(error) }, 'judge cache unavailable; judging uncached');
    warned = true;
  };
  redis.on('error', warnOnce);
  redis.on('ready', () => {
    warned = false;
  });
  const connected = redis.connect().catch(warnOnce);

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
