/**
 * The search document of an LLM call, as Postgres would make it, computed in the processors.
 *
 * Postgres' `lumina_search_document(prompt, response)` (migration span-search) is
 * `to_tsvector('simple', left(prompt, 65536) || ' ' || left(response, 65536))`; its text parser
 * costs ~100 µs of database CPU for 1–2 KB of text, more than everything else a span costs
 * there. For text whose words the parser provably splits at every non-alphanumeric character,
 * the same tsvector is a few µs of JavaScript, and Postgres only reads it back (~25 µs). Any
 * text outside that safe subset returns null and is left to Postgres, so a document is always
 * exactly what `to_tsvector` makes (search/document.db.test.ts compares both on Postgres).
 */

/** Each field of the document is capped at this many characters (as in the SQL function). */
const FIELD_CHARS = 65_536;
/** Postgres drops words longer than this; such text is left to Postgres. */
const MAX_WORD_BYTES = 2047;
/** tsvector positions stop at this value (later words all get it). */
const MAX_POSITION = 16_383;
/** tsvector keeps at most this many positions of one lexeme (the first ones). */
const MAX_POSITIONS_PER_LEXEME = 255;

/** What a character is to the safe tokenizer. */
const enum CharClass {
  /** part of a word: ASCII letter or digit */
  Word,
  /** ends a word in every context (space, most punctuation) */
  Break,
  /** ends a word only when what follows is no word, e.g. '.' ends "end. Next" but "a.b" is a host name */
  BreakBeforeSpace,
  /** anything else (non-ASCII, '/', '&', '<', '+', '~'): Postgres' parser may read it as part of a token */
  Unsafe,
}

/** Punctuation that the default parser treats as a separator wherever it stands (probed against Postgres). */
const BREAKS = ' \t\n\r!"#$%\'()*,:;=?@[\\]^_`{|}';
const BREAKS_BEFORE_SPACE = '.-';

const CLASSES: CharClass[] = Array.from({ length: 128 }, (_, code) => {
  const char = String.fromCharCode(code);
  if (/[A-Za-z0-9]/.test(char)) return CharClass.Word;
  if (BREAKS.includes(char)) return CharClass.Break;
  if (BREAKS_BEFORE_SPACE.includes(char)) return CharClass.BreakBeforeSpace;
  return CharClass.Unsafe;
});

function classOf(code: number): CharClass {
  return code < 128 ? CLASSES[code]! : CharClass.Unsafe;
}

/** Adds the words of `text` to `lexemes` from position `next`; returns the next position, or -1 when the text is outside the safe subset. */
function addWords(text: string, lexemes: Map<string, number[]>, next: number): number {
  let position = next;
  let start = -1;
  for (let i = 0; i <= text.length; i += 1) {
    const kind = i === text.length ? CharClass.Break : classOf(text.charCodeAt(i));
    if (kind === CharClass.Word) {
      if (start < 0) start = i;
      continue;
    }
    if (kind === CharClass.Unsafe) return -1;
    if (kind === CharClass.BreakBeforeSpace && i + 1 < text.length && classOf(text.charCodeAt(i + 1)) !== CharClass.Break) return -1;
    if (start < 0) continue;
    if (i - start > MAX_WORD_BYTES) return -1;
    const word = text.slice(start, i).toLowerCase();
    start = -1;
    const positions = lexemes.get(word);
    const at = Math.min(position, MAX_POSITION);
    position += 1;
    if (positions === undefined) lexemes.set(word, [at]);
    else if (positions.length < MAX_POSITIONS_PER_LEXEME && positions[positions.length - 1] !== at) positions.push(at);
  }
  return position;
}

/**
 * The tsvector (as text, for COPY) that `lumina_search_document(prompt, response)` would make,
 * or null when the text is outside the subset this tokenizer matches exactly (the caller
 * then lets Postgres make it). Both fields null: null (no document, as in the SQL indexer).
 */
export function searchDocumentText(prompt: string | null, response: string | null): string | null {
  if (prompt === null && response === null) return null;
  const lexemes = new Map<string, number[]>();
  // The SQL joins the two capped fields with one space, which is a break like any other.
  const afterPrompt = addWords((prompt ?? '').slice(0, FIELD_CHARS), lexemes, 1);
  if (afterPrompt < 0) return null;
  if (addWords((response ?? '').slice(0, FIELD_CHARS), lexemes, afterPrompt) < 0) return null;
  let out = '';
  for (const [word, positions] of lexemes) out += `${out === '' ? '' : ' '}${word}:${positions.join(',')}`;
  return out;
}
