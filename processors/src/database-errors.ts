/** SQLSTATE classes that mean "the database is away", not "this data is bad". */
const UNAVAILABLE_SQLSTATE_PREFIXES = ['08', '53', '57P', '58'];
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * True when a database error is about reaching Postgres (retry the same batch later) rather
 * than about the rows (isolate the message and, in the end, dead-letter it).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (UNAVAILABLE_NODE_CODES.has(code)) return true;
    if (code.length === 5 && UNAVAILABLE_SQLSTATE_PREFIXES.some((prefix) => code.startsWith(prefix))) return true;
  }
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(error.message);
}
