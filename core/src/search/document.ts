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

/** What a character is to the safe tokenizer (CLASSES, by ASCII code). */
/** part of a word: ASCII letter or digit */
const WORD = 0;
/** ends a word in every context (space, most punctuation) */
const BREAK = 1;
/** ends a word only when what follows is no word, e.g. '.' ends "end. Next" but "a.b" is a host name */
const BREAK_BEFORE_SPACE = 2;
/** anything else (non-ASCII, '/', '&', '<', '+', '~'): Postgres' parser may read it as part of a token */
const UNSAFE = 3;

/** Punctuation that the default parser treats as a separator wherever it stands (probed against Postgres). */
const BREAKS = ' \t\n\r!"#$%\'()*,:;=?@[\\]^_`{|}';
const BREAKS_BEFORE_SPACE = '.-';

const CLASSES = Uint8Array.from({ length: 128 }, (_, code) => {
  const char = String.fromCharCode(code);
  if (/[A-Za-z0-9]/.test(char)) return WORD;
  if (BREAKS.includes(char)) return BREAK;
  if (BREAKS_BEFORE_SPACE.includes(char)) return BREAK_BEFORE_SPACE;
  return UNSAFE;
});

function classOf(code: number): number {
  return code < 128 ? CLASSES[code]! : UNSAFE;
}

/**
 * The lexemes of a document so far, in first-seen order, with their positions. Looked up by a
 * hash of the word's characters computed during the scan, so a word seen before costs no
 * substring and no string hashing (most words of a text are repeats).
 */
class Lexemes {
  readonly words: string[] = [];
  readonly positions: number[][] = [];
  /** open addressing: slot → lexeme index + 1 (0 = empty) */
  private slots = new Int32Array(256);
  private hashes: number[] = [];

  /** Adds position `at` of the word text[start, end) (lowercased when `upper`). */
  add(text: string, start: number, end: number, hash: number, upper: boolean, at: number): void {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) {
        this.insert(slot, upper ? text.slice(start, end).toLowerCase() : text.slice(start, end), hash, at);
        return;
      }
      const i = entry - 1;
      if (this.hashes[i] === hash && sameWord(this.words[i]!, text, start, end)) {
        const positions = this.positions[i]!;
        if (positions.length < MAX_POSITIONS_PER_LEXEME && positions[positions.length - 1] !== at) positions.push(at);
        return;
      }
    }
  }

  private insert(slot: number, word: string, hash: number, at: number): void {
    this.words.push(word);
    this.positions.push([at]);
    this.hashes.push(hash);
    this.slots[slot] = this.words.length;
    if (this.words.length * 2 > this.slots.length) this.grow();
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    const mask = this.slots.length - 1;
    this.hashes.forEach((hash, i) => {
      let slot = hash & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = i + 1;
    });
  }
}

/** A lowercase word equals text[start, end) case-folded (ASCII letters and digits only). */
function sameWord(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i += 1) if (word.charCodeAt(i) !== lower(text.charCodeAt(start + i))) return false;
  return true;
}

function lower(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/** Adds the words of `text` to `lexemes` from position `next`; returns the next position, or -1 when the text is outside the safe subset. */
function addWords(text: string, lexemes: Lexemes, next: number): number {
  let position = next;
  let start = -1;
  let upper = false;
  let hash = 0;
  const length = text.length;
  for (let i = 0; i <= length; i += 1) {
    const code = i === length ? 32 : text.charCodeAt(i);
    const kind = classOf(code);
    if (kind === WORD) {
      if (start < 0) {
        start = i;
        upper = false;
        hash = 0;
      }
      if (code >= 65 && code <= 90) upper = true;
      hash = (Math.imul(hash, 31) + lower(code)) | 0;
      continue;
    }
    if (kind === UNSAFE) return -1;
    if (kind === BREAK_BEFORE_SPACE && i + 1 < length && classOf(text.charCodeAt(i + 1)) !== BREAK) return -1;
    if (start < 0) continue;
    if (i - start > MAX_WORD_BYTES) return -1;
    lexemes.add(text, start, i, hash, upper, position < MAX_POSITION ? position : MAX_POSITION);
    start = -1;
    position += 1;
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
  const lexemes = new Lexemes();
  // The SQL joins the two capped fields with one space, which is a break like any other.
  const afterPrompt = addWords((prompt ?? '').slice(0, FIELD_CHARS), lexemes, 1);
  if (afterPrompt < 0) return null;
  if (addWords((response ?? '').slice(0, FIELD_CHARS), lexemes, afterPrompt) < 0) return null;
  // Words are ASCII, so string order is Postgres' byte order.
  const order = lexemes.words.map((_, i) => i).sort((a, b) => (lexemes.words[a]! < lexemes.words[b]! ? -1 : 1));
  return { words: order.map((i) => lexemes.words[i]!), positions: order.map((i) => lexemes.positions[i]!) };
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
