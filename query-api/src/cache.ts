import type { Logger } from 'pino';
import { openOptionalRedis } from '@lumina/runtime';

/** A read-through cache of JSON answers; never fails a request (Redis down means "miss"). */
export interface ResponseCache {
  /** The cached answer under `key`, or `compute()`'s, stored for the TTL. */
  through<Value>(key: string, compute: () => Promise<Value>): Promise<Value>;
  close(): Promise<void>;
}

export interface CacheOptions {
  redisUrl: string;
  keyPrefix: string;
  ttlSeconds: number;
}

/** A cache key from a route and its parsed parameters, independent of their order in the URL. */
export function cacheKey(route: string, params: Record<string, unknown>): string {
  const normalized = Object.keys(params)
    .filter((name) => params[name] !== undefined)
    .sort()
    .map((name) => {
      const value = params[name];
      return [name, value instanceof Date ? value.toISOString() : Array.isArray(value) ? [...value].sort() : value];
    });
  return `${route}:${JSON.stringify(normalized)}`;
}

export function openResponseCache(options: CacheOptions, logger: Logger): ResponseCache {
  if (options.ttlSeconds === 0) {
    return { through: (_key, compute) => compute(), close: async () => {} };
  }
  // Fail fast instead of queueing while Redis is away: the database answers meanwhile.
  const { redis, warnOnce } = openOptionalRedis(options.redisUrl, logger, 'response cache unavailable; serving uncached', { commandTimeoutMs: 250 });

  return {
    async through(key, compute) {
      const fullKey = options.keyPrefix + key;
      const cached = await redis.get(fullKey).catch((error: unknown) => (warnOnce(error), null));
      if (cached !== null) return JSON.parse(cached);
      const value = await compute();
      await redis.set(fullKey, JSON.stringify(value), 'EX', options.ttlSeconds).catch(warnOnce);
      return value;
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
