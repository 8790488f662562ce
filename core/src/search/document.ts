/**
 * The search document of an LLM call, as Postgres would make it, computed in the processors.
 *
 * Postgres' `lumina_search_document(prompt, response)` (migration span-search) is
 * `to_tsvector('simple', left(prompt, 65536) || ' ' || left(response, 65536))`; its text parser
 * costs ~100 µs of database CPU for 1–2 KB of text, more than everything else a span costs
 * there. For text whose words the parser provably splits at every non-alphanumeric character,
 * the same tsvector is a few µs of JavaScript, and Postgres only reads it back (in COPY binary
 * format, db/src/write/search-copy.ts). Any text outside that safe subset returns null and is
 * left to Postgres, so a document is always exactly what `to_tsvector` makes
 * (db/src/write/search-document.test.ts compares both on Postgres over seeded random text).
 */

/** Each field of the document is capped at this many characters (as in the SQL function). */
const FIELD_CHARS = 65_536;
/** Postgres drops words longer than this; such text is left to Postgres. */
const MAX_WORD_BYTES = 2047;
/** tsvector positions stop at this value (later words all get it). */
const MAX_POSITION = 16_383;
/** tsvector keeps at most this many positions of one lexeme (the first ones). */
const MAX_POSITIONS_PER_LEXEME = 255;

/**
 * Text outside the safe subset: a character other than ASCII letters, digits, space, tab,
 * newline, carriage return and the punctuation Postgres' default parser treats as a separator
 * wherever it stands (probed against Postgres: `!"#$%'()*,:;=?@[\]^_\`{|}`); '.' and '-' end a
 * word only when what follows is such a separator other than '_', or the end ("end. Next" is two
 * words; "a.b" and "a._b" are host names, "-5" a signed number, "well-known" a compound).
 */
const UNSAFE = /[^\t\n\r !-~]|[&<>+/~]|[.-](?![\t\n\r !"#$%'()*,:;=?@[\\\]^`{|}]|$)/;
const SEPARATORS = /[^a-z0-9]+/;

/**
 * Adds the words of `field` (capped as the SQL caps it) to `lexemes` from position `next`;
 * returns the next position, or -1 when the text is outside the safe subset. Regular
 * expressions and split do the character work natively, whatever the string's representation.
 */
function addWords(field: string, lexemes: Map<string, number[]>, next: number): number {
  const text = field.length > FIELD_CHARS ? field.slice(0, FIELD_CHARS) : field;
  if (UNSAFE.test(text)) return -1;
  let position = next;
  for (const word of text.toLowerCase().split(SEPARATORS)) {
    if (word === '') continue; // before a leading or after a trailing separator
    if (word.length > MAX_WORD_BYTES) return -1; // Postgres drops it with a notice: left to Postgres
    const at = position < MAX_POSITION ? position : MAX_POSITION;
    position += 1;
    const positions = lexemes.get(word);
    if (positions === undefined) lexemes.set(word, [at]);
    else if (positions.length < MAX_POSITIONS_PER_LEXEME && positions[positions.length - 1] !== at) positions.push(at);
  }
  return position;
}

/** A tsvector built outside Postgres: its lexemes in Postgres' order (bytewise), each with its ascending positions. */
export interface SearchDocument {
  words: string[];
  positions: number[][];
}

/**
 * The tsvector that `lumina_search_document(prompt, response)` would make, or null when the
 * text is outside the subset this tokenizer matches exactly (the caller then lets Postgres make
 * it). Both fields null: null (no document, as in the SQL indexer).
 */
export function searchDocument(prompt: string | null, response: string | null): SearchDocument | null {
  if (prompt === null && response === null) return null;
  const lexemes = new Map<string, number[]>();
  // The SQL joins the two capped fields with one space, which is a break like any other.
  const afterPrompt = addWords(prompt ?? '', lexemes, 1);
  if (afterPrompt < 0) return null;
  if (addWords(response ?? '', lexemes, afterPrompt) < 0) return null;
  // Words are ASCII, so string order is Postgres' byte order.
  const words = [...lexemes.keys()].sort();
  return { words, positions: words.map((word) => lexemes.get(word)!) };
}

/** A document as tsvector text (`word:1,5 other:2`), for COPY text format. */
export function tsvectorText(document: SearchDocument): string {
  return document.words.map((word, i) => `${word}:${document.positions[i]!.join(',')}`).join(' ');
}

/** `searchDocument` as tsvector text, or null. */
export function searchDocumentText(prompt: string | null, response: string | null): string | null {
  const document = searchDocument(prompt, response);
  return document === null ? null : tsvectorText(document);
}
