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
 * What each ASCII byte is to Postgres' default parser, within the safe subset: part of a word
 * (letters, digits), a separator wherever it stands (white space and
 * `!"#$%'()*,:;=?@[\]^_\`{|}`, probed against Postgres), '.' or '-', which end a word only when
 * what follows is such a separator other than '_', or the end ("end. Next" is two words; "a.b"
 * and "a._b" are host names, "-5" a signed number, "well-known" a compound), or outside the
 * subset (`&<>+/~` and control characters; any text beyond ASCII is outside as a whole).
 */
const WORD = 0;
const SEPARATOR = 1;
const DOT_OR_HYPHEN = 2;
const OUTSIDE = 3;
const BYTE_KINDS = new Uint8Array(256).fill(OUTSIDE);
for (const c of '\t\n\r !"#$%\'()*,:;=?@[\\]^_`{|}') BYTE_KINDS[c.charCodeAt(0)] = SEPARATOR;
for (const [first, last] of ['09', 'AZ', 'az']) for (let c = first!.charCodeAt(0); c <= last!.charCodeAt(0); c += 1) BYTE_KINDS[c] = WORD;
BYTE_KINDS['.'.charCodeAt(0)] = DOT_OR_HYPHEN;
BYTE_KINDS['-'.charCodeAt(0)] = DOT_OR_HYPHEN;
const UNDERSCORE = '_'.charCodeAt(0);
/** ORed into a letter or digit byte: lower case (digits already have the bit). */
const LOWER = 0x20;

/**
 * The document being made: both fields' bytes in one scratch buffer, and its lexemes in a hash
 * table of their own, each kept as where it first occurs in the buffer. A word is found by a
 * hash computed while scanning and compared in place, so only distinct words become strings.
 * One instance serves every call (they are synchronous); `start` empties it.
 */
class DocumentScratch {
  bytes = Buffer.allocUnsafe(16 * 1024);
  used = 0;
  /** per lexeme: where it first occurs in `bytes`, its length, its positions */
  starts: number[] = [];
  lengths: number[] = [];
  positions: number[][] = [];
  private slotHashes = new Int32Array(1024);
  /** per slot: the lexeme's index + 1 while the slot's generation is the current one */
  private slotLexemes = new Int32Array(1024);
  private slotGenerations = new Uint32Array(1024);
  private generation = 0;

  start(maxBytes: number): void {
    if (this.bytes.length < maxBytes) this.bytes = Buffer.allocUnsafe(maxBytes);
    this.used = 0;
    this.starts = [];
    this.lengths = [];
    this.positions = [];
    this.generation += 1;
    if (this.generation === 0xffffffff) {
      this.slotGenerations.fill(0);
      this.generation = 1;
    }
  }

  /** Appends `text`'s UTF-8; returns where it starts, or -1 when it is not all ASCII. */
  append(text: string): number {
    const at = this.used;
    const written = this.bytes.write(text, at, 'utf8');
    if (written !== text.length) return -1;
    this.used += written;
    return at;
  }

  /** Records the word `bytes[start, end)` (its lower-case hash: `hash`) at `position`, capped as Postgres caps positions. */
  add(start: number, end: number, hash: number, position: number): void {
    const at = position < MAX_POSITION ? position : MAX_POSITION;
    const mask = this.slotHashes.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      if (this.slotGenerations[slot] !== this.generation) {
        this.slotGenerations[slot] = this.generation;
        this.slotHashes[slot] = hash;
        this.slotLexemes[slot] = this.starts.length + 1;
        this.starts.push(start);
        this.lengths.push(end - start);
        this.positions.push([at]);
        if (this.starts.length * 2 > this.slotHashes.length) this.grow();
        return;
      }
      if (this.slotHashes[slot] === hash) {
        const lexeme = this.slotLexemes[slot]! - 1;
        if (this.sameWord(this.starts[lexeme]!, this.lengths[lexeme]!, start, end)) {
          const positions = this.positions[lexeme]!;
          if (positions.length < MAX_POSITIONS_PER_LEXEME && positions[positions.length - 1] !== at) positions.push(at);
          return;
        }
      }
    }
  }

  /** The lexemes as lower-case strings. */
  words(): string[] {
    const words: string[] = [];
    for (let i = 0; i < this.starts.length; i += 1) words.push(this.bytes.toString('latin1', this.starts[i]!, this.starts[i]! + this.lengths[i]!).toLowerCase());
    return words;
  }

  private sameWord(lexemeStart: number, length: number, start: number, end: number): boolean {
    if (length !== end - start) return false;
    const bytes = this.bytes;
    for (let i = 0; i < length; i += 1) if ((bytes[lexemeStart + i]! | LOWER) !== (bytes[start + i]! | LOWER)) return false;
    return true;
  }

  /** Doubles the table, placing the current lexemes again. */
  private grow(): void {
    const size = this.slotHashes.length * 2;
    const hashes = new Int32Array(size);
    const lexemes = new Int32Array(size);
    const generations = new Uint32Array(size);
    for (let old = 0; old < this.slotHashes.length; old += 1) {
      if (this.slotGenerations[old] !== this.generation) continue;
      let slot = this.slotHashes[old]! & (size - 1);
      while (generations[slot] === this.generation) slot = (slot + 1) & (size - 1);
      hashes[slot] = this.slotHashes[old]!;
      lexemes[slot] = this.slotLexemes[old]!;
      generations[slot] = this.generation;
    }
    this.slotHashes = hashes;
    this.slotLexemes = lexemes;
    this.slotGenerations = generations;
  }
}

const scratch = new DocumentScratch();

/**
 * Adds the words of `field` (capped as the SQL caps it) to the scratch document from position
 * `next`; returns the next position, or -1 when the text is outside the safe subset. One pass
 * over the field's bytes: no lower-cased copy, no array of its words, no string per word.
 */
function addWords(field: string, next: number): number {
  const from = scratch.append(field.length > FIELD_CHARS ? field.slice(0, FIELD_CHARS) : field);
  if (from < 0) return -1;
  const bytes = scratch.bytes;
  const end = scratch.used;
  let position = next;
  let wordStart = -1;
  let hash = 0;
  for (let i = from; i <= end; i += 1) {
    if (i < end) {
      const c = bytes[i]!;
      const kind = BYTE_KINDS[c]!;
      if (kind === WORD) {
        if (wordStart < 0) {
          wordStart = i;
          hash = 0;
        }
        hash = (Math.imul(hash, 31) + (c | LOWER)) | 0;
        continue;
      }
      if (kind === OUTSIDE) return -1;
      if (kind === DOT_OR_HYPHEN && i + 1 < end && (BYTE_KINDS[bytes[i + 1]!] !== SEPARATOR || bytes[i + 1] === UNDERSCORE)) return -1;
    }
    if (wordStart < 0) continue;
    if (i - wordStart > MAX_WORD_BYTES) return -1; // Postgres drops it with a notice: left to Postgres
    scratch.add(wordStart, i, hash, position);
    position += 1;
    wordStart = -1;
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
  const promptText = prompt ?? '';
  const responseText = response ?? '';
  // UTF-8 takes at most 3 bytes per UTF-16 unit; text that is not ASCII is refused once written.
  scratch.start(3 * (Math.min(promptText.length, FIELD_CHARS) + Math.min(responseText.length, FIELD_CHARS)));
  // The SQL joins the two capped fields with one space, which is a break like any other.
  const afterPrompt = addWords(promptText, 1);
  if (afterPrompt < 0) return null;
  if (addWords(responseText, afterPrompt) < 0) return null;
  const words = scratch.words();
  const { positions } = scratch;
  // Words are ASCII, so string order is Postgres' byte order.
  const order = words.map((_, i) => i).sort((a, b) => (words[a]! < words[b]! ? -1 : 1));
  return { words: order.map((i) => words[i]!), positions: order.map((i) => positions[i]!) };
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
