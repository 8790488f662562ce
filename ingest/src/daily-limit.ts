import type { Logger } from 'pino';
import { openOptionalRedis } from '@lumina/runtime';

/**
 * Counts the distinct traces of each project per UTC day in Redis and refuses new ones past
 * the limit. One Lua script per request makes the count exact under any number of ingest
 * replicas; a trace already counted today is always admitted, so a trace is never cut in half.
 */
const ADMIT_SCRIPT = `
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local count = redis.call('SCARD', key)
local refused = {}
for i = 3, #ARGV do
  local id = ARGV[i]
  if redis.call('SISMEMBER', key, id) == 0 then
    if count < limit then
      redis.call('SADD', key, id)
      count = count + 1
    else
      refused[#refused + 1] = id
    end
  end
end
redis.call('EXPIRE', key, tonumber(ARGV[2]))
return refused`;

const DAY_MS = 86_400_000;

export interface Admission {
  /** trace ids refused (new today, over the limit) */
  refused: Set<string>;
  limit: number;
  /** next midnight UTC, when the count starts again */
  resetAt: Date;
}

export interface DailyLimiter {
  /** resolves once Redis answered or the first attempt to reach it failed; ingest listens after it */
  connected: Promise<void>;
  admit(projectId: string, traceIds: Iterable<string>, nowMs: number): Promise<Admission>;
  close(): Promise<void>;
}

export interface DailyLimiterOptions {
  redisUrl: string;
  keyPrefix: string;
  /** the platform's limit; a project's own overrides it; 0 means none */
  defaultLimit: number;
  limitFor: (projectId: string) => number | null;
  /** counted when Redis cannot be asked and traces are admitted unchecked */
  onUnchecked: () => void;
}

/** The limiter; with Redis away it admits everything (never blocks ingest) and says so in the metrics and the log. */
export function createDailyLimiter(options: DailyLimiterOptions, logger: Logger): DailyLimiter {
  const { redis, connected, warnOnce } = openOptionalRedis(options.redisUrl, logger, 'Redis unavailable: the daily trace limit is not checked meanwhile', { connectTimeoutMs: 2_000, commandTimeoutMs: 2_000 });
  return {
    connected,
    async admit(projectId, traceIds, nowMs) {
      const limit = options.limitFor(projectId) ?? options.defaultLimit;
      const dayStart = Math.floor(nowMs / DAY_MS) * DAY_MS;
      const resetAt = new Date(dayStart + DAY_MS);
      const unique = [...new Set(traceIds)];
      if (limit === 0 || unique.length === 0) return { refused: new Set(), limit, resetAt };
      const key = `${options.keyPrefix}${projectId}:${new Date(dayStart).toISOString().slice(0, 10)}`;
      const ttlSeconds = Math.ceil((resetAt.getTime() - nowMs) / 1000) + 3600;
      try {
        const refused = (await redis.eval(ADMIT_SCRIPT, 1, key, limit, ttlSeconds, ...unique)) as string[];
        return { refused: new Set(refused), limit, resetAt };
      } catch (error) {
        options.onUnchecked();
        warnOnce(error);
        return { refused: new Set(), limit, resetAt };
      }
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
