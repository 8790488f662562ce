import type { Logger } from 'pino';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * Safe by default: every service binds 127.0.0.1 unless configured. Binding anything else
 * with AUTH_REQUIRED off lets anyone who reaches the port read (or write) every stored
 * prompt and response, so the service says so at start.
 */
export function warnIfExposed(logger: Logger, service: string, host: string, authRequired: boolean): void {
  if (authRequired || LOOPBACK.test(host)) return;
  logger.warn(
    { host, service },
    `${service} listens on ${host} without AUTH_REQUIRED: anyone who can reach it can read and write this platform's data. Set AUTH_REQUIRED=true (and create keys with npm run keys) or bind 127.0.0.1`,
  );
}
