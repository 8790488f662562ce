import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { errorText } from './logger.js';

/** A Redis connection that a service can do without: a cache, a budget, a counter. */
export interface OptionalRedis {
  redis: Redis;
  /** resolves once Redis answered or the first attempt to reach it failed */
  connected: Promise<void>;
  /** logs `unavailable` once per outage (again after Redis was back); pass it every failed command's error */
  warnOnce: (error: unknown) => void;
}

export interface OptionalRedisOptions {
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
}

/**
 * Opens Redis so that its absence never blocks the caller: no offline queue and no retries of
 * a command (it fails at once, and the caller goes on without), reconnects in the background,
 * and one warning per outage.
 */
export function openOptionalRedis(url: string, logger: Logger, unavailable: string, options: OptionalRedisOptions = {}): OptionalRedis {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: options.connectTimeoutMs ?? 1_000,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let warned = false;
  const warnOnce = (error: unknown) => {
    if (!warned) logger.warn({ err: errorText(error) }, unavailable);
    warned = true;
  };
  redis.on('error', warnOnce);
  redis.on('ready', () => {
    warned = false;
  });
  const connected = redis.connect().then(
    () => undefined,
    (error: unknown) => warnOnce(error),
  );
  return { redis, connected, warnOnce };
}
