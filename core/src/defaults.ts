/**
 * Where the platform's dependencies listen when nothing says otherwise: written once, read by
 * every service's configuration, `npm start`, the migration CLI and the benches.
 */
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/lumina';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
