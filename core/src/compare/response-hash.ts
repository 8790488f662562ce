/** Content hashes of responses: equal hashes mean equal comparable text. */
import { createHash } from 'node:crypto';
import { comparableText } from './comparable-text.js';

/**
 * The hex SHA-256 of the comparable form of a response (see comparableText), so
 * that two responses differing only in whitespace or JSON key order hash alike.
 * Pure: node:crypto hashing does no I/O.
 */
export function responseHash(text: string | null | undefined): string {
  return createHash('sha256').update(comparableText(text), 'utf8').digest('hex');
}
