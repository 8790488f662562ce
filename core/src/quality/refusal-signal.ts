import type { QualitySignal } from '../span.js';

/**
 * Openings of a refusal, as data. Matched at the start of the answer only (its first
 * {@link REFUSAL_HEAD_CHARS} characters, case-insensitive, curly apostrophes as straight): an
 * answer that helps and later says "I can't be sure" is no refusal.
 */
export const REFUSAL_PATTERNS: readonly RegExp[] = [
  /^(?:i['’]m |i am )?(?:so |really |very )?sorry,? (?:but )?(?:i|we) (?:can(?:not|['’]t)|won['’]t|am (?:not able|unable)|['’]m (?:not able|unable))/,
  /^(?:i|we) (?:can(?:not|['’]t)|won['’]t|will not|am unable to|['’]m unable to|am not able to|['’]m not able to) (?:help|assist|comply|provide|do that|fulfil|fulfill|answer|support|create|generate|share|give)/,
  /^as an ai(?: language model| assistant)?,? i (?:can(?:not|['’]t)|am (?:not able|unable)|don['’]t)/,
  /^unfortunately,? (?:i|we) (?:can(?:not|['’]t)|am unable|['’]m unable|am not able|['’]m not able)/,
  /^i (?:must|have to) (?:decline|refuse)/,
  /^(?:i['’]m |i am )?(?:not able|unable) to (?:help|assist|comply|provide)/,
];

export const REFUSAL_HEAD_CHARS = 160;
export const REFUSAL_SCORE = 0.2;

/** The patterns as one expression: one pass over the head of the answer. */
const ANY_REFUSAL = new RegExp(REFUSAL_PATTERNS.map((pattern) => `(?:${pattern.source})`).join('|'));

/** True when the answer opens with a refusal (see {@link REFUSAL_PATTERNS}). */
export function isRefusal(response: string): boolean {
  const head = response.trimStart().slice(0, REFUSAL_HEAD_CHARS).toLowerCase().replaceAll('’', "'");
  return ANY_REFUSAL.test(head);
}

/** The refusal signal: {@link REFUSAL_SCORE} when the response opens with a refusal; null otherwise (or without text). */
export function refusalSignal(response: string | null): QualitySignal | null {
  if (response === null || response.trim() === '') return null;
  return isRefusal(response) ? { score: REFUSAL_SCORE, detail: 'refusal' } : null;
}
