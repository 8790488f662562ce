/**
 * A string any store takes as text or JSON: no NUL characters, no lone surrogates (Postgres
 * refuses both in text and jsonb). Both are rare, and cheap to test for.
 */
export function storableString(value: string): string {
  const noNul = value.includes('\0') ? value.replaceAll('\0', '') : value;
  return noNul.isWellFormed() ? noNul : noNul.toWellFormed();
}
