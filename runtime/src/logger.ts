import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout, one logger per service process, named after it. */
export function createLogger(service: string, level: string): Logger {
  return pino({ level, name: service });
}

/** The text of any thrown value, for logs and error messages. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
