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
/** A sort key is a lexeme's first four bytes times this, plus its index (< 2^20: both fit a double exactly). */
const INDEX_SPAN = 2 ** 20;

/** A typed array of `array`'s kind, twice its length, holding its first `keep` values. */
function doubled<T extends Int32Array | Uint16Array | Float64Array>(array: T, keep: number): T {
  const next = new (array.constructor as new (length: number) => T)(array.length * 2);
  next.set(array.subarray(0, keep));
  return next;
}

/**
 * The document being made, in memory reused by every call (they are synchronous; `start`
 * empties it): both fields' bytes in one buffer, each lexeme kept as where it first occurs there
 * (found again by a hash computed while scanning and compared in place), and each kept
 * occurrence as (lexeme, position). Nothing is allocated per word or per lexeme.
 */
class DocumentScratch {
  bytes = Buffer.allocUnsafe(16 * 1024);
  used = 0;
  lexemes = 0;
  /** per lexeme: where it first occurs in `bytes`, its length, its positions kept, its last position */
  starts = new Int32Array(256);
  lengths = new Int32Array(256);
  counts = new Int32Array(256);
  lastPositions = new Int32Array(256);
  /** per kept occurrence, in text order */
  occurrences = 0;
  occurrenceLexemes = new Int32Array(1024);
  occurrencePositions = new Uint16Array(1024);
  /** lexeme indexes in Postgres' order (bytewise), after `sort` */
  order = new Int32Array(256);
  /** per lexeme, while writing: where its next position goes in `out` */
  private positionAt = new Int32Array(256);
  private out = Buffer.allocUnsafe(4096);
  private keys = new Float64Array(256);
  private slotHashes = new Int32Array(1024);
  /** per slot: the lexeme's index + 1 while the slot's generation is the current one */
  private slotLexemes = new Int32Array(1024);
  private slotGenerations = new Uint32Array(1024);
  private generation = 0;

  start(maxBytes: number): void {
    if (this.bytes.length < maxBytes) this.bytes = Buffer.allocUnsafe(maxBytes);
    this.used = 0;
    this.lexemes = 0;
    this.occurrences = 0;
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
        this.slotLexemes[slot] = this.newLexeme(start, end) + 1;
        this.occur(this.lexemes - 1, at);
        if (this.lexemes * 2 > this.slotHashes.length) this.grow();
        return;
      }
      if (this.slotHashes[slot] === hash) {
        const lexeme = this.slotLexemes[slot]! - 1;
        if (this.lengths[lexeme] === end - start && this.compareBytes(this.starts[lexeme]!, end - start, start, end - start) === 0) {
          if (this.counts[lexeme]! < MAX_POSITIONS_PER_LEXEME && this.lastPositions[lexeme] !== at) this.occur(lexeme, at);
          return;
        }
      }
    }
  }

  /** Puts the lexemes in Postgres' order into `order`: by their first four bytes natively, then bytewise among equal ones. */
  sort(): void {
    const count = this.lexemes;
    const keys = this.keys.subarray(0, count);
    keys.sort();
    const order = this.order;
    for (let i = 0; i < count; i += 1) order[i] = keys[i]! % INDEX_SPAN;
    // Runs of one four-byte prefix (words of four bytes or more): insertion sort, comparing in place.
    for (let i = 1; i < count; i += 1) {
      const prefix = Math.floor(keys[i]! / INDEX_SPAN);
      if (prefix !== Math.floor(keys[i - 1]! / INDEX_SPAN)) continue;
      const lexeme = order[i]!;
      let j = i - 1;
      while (j >= 0 && Math.floor(keys[j]! / INDEX_SPAN) === prefix && this.compare(order[j]!, lexeme) > 0) {
        order[j + 1] = order[j]!;
        j -= 1;
      }
      order[j + 1] = lexeme;
    }
  }

  /**
   * The document in tsvectorrecv's binary form: the lexeme count, then each lexeme NUL-ended
   * with the count and list of its positions (weight bits zero, as 'simple' makes them). A view
   * of `out`, which the next document reuses. Positions go straight to their lexeme's place.
   */
  writeBinary(): Uint8Array {
    const count = this.lexemes;
    let size = 4;
    for (let i = 0; i < count; i += 1) size += this.lengths[i]! + 3 + 2 * this.counts[i]!;
    if (this.out.length < size) this.out = Buffer.allocUnsafe(Math.max(size, this.out.length * 2));
    const out = this.out;
    const bytes = this.bytes;
    const next = this.positionAt;
    out.writeInt32BE(count, 0);
    let at = 4;
    for (let i = 0; i < count; i += 1) {
      const lexeme = this.order[i]!;
      const start = this.starts[lexeme]!;
      const end = start + this.lengths[lexeme]!;
      for (let k = start; k < end; k += 1) out[at++] = bytes[k]! | LOWER;
      out[at++] = 0;
      const positions = this.counts[lexeme]!;
      out[at++] = positions >> 8;
      out[at++] = positions & 0xff;
      next[lexeme] = at;
      at += 2 * positions;
    }
    for (let i = 0; i < this.occurrences; i += 1) {
      const lexeme = this.occurrenceLexemes[i]!;
      const position = this.occurrencePositions[i]!;
      const place = next[lexeme]!;
      out[place] = position >> 8;
      out[place + 1] = position & 0xff;
      next[lexeme] = place + 2;
    }
    return out.subarray(0, size);
  }

  /** The document as tsvector text (`word:1,5 other:2`), for COPY text format. */
  text(): string {
    const lists: number[][] = Array.from({ length: this.lexemes }, () => []);
    for (let i = 0; i < this.occurrences; i += 1) lists[this.occurrenceLexemes[i]!]!.push(this.occurrencePositions[i]!);
    const entries: string[] = [];
    for (let i = 0; i < this.lexemes; i += 1) {
      const lexeme = this.order[i]!;
      const start = this.starts[lexeme]!;
      entries.push(`${this.bytes.toString('latin1', start, start + this.lengths[lexeme]!).toLowerCase()}:${lists[lexeme]!.join(',')}`);
    }
    return entries.join(' ');
  }

  private newLexeme(start: number, end: number): number {
    const lexeme = this.lexemes;
    if (lexeme === this.starts.length) {
      this.starts = doubled(this.starts, lexeme);
      this.lengths = doubled(this.lengths, lexeme);
      this.counts = doubled(this.counts, lexeme);
      this.lastPositions = doubled(this.lastPositions, lexeme);
      this.keys = doubled(this.keys, lexeme);
      this.order = doubled(this.order, 0);
      this.positionAt = doubled(this.positionAt, 0);
    }
    this.starts[lexeme] = start;
    this.lengths[lexeme] = end - start;
    this.counts[lexeme] = 0;
    this.lastPositions[lexeme] = -1;
    const bytes = this.bytes;
    let prefix = 0;
    for (let i = 0; i < 4; i += 1) prefix = prefix * 256 + (start + i < end ? bytes[start + i]! | LOWER : 0);
    this.keys[lexeme] = prefix * INDEX_SPAN + lexeme;
    this.lexemes = lexeme + 1;
    return lexeme;
  }

  private occur(lexeme: number, at: number): void {
    const occurrence = this.occurrences;
    if (occurrence === this.occurrenceLexemes.length) {
      this.occurrenceLexemes = doubled(this.occurrenceLexemes, occurrence);
      this.occurrencePositions = doubled(this.occurrencePositions, occurrence);
    }
    this.occurrenceLexemes[occurrence] = lexeme;
    this.occurrencePositions[occurrence] = at;
    this.occurrences = occurrence + 1;
    this.counts[lexeme]! += 1;
    this.lastPositions[lexeme] = at;
  }

  /** Bytewise order of two lexemes (lower case), a shorter one first when it is the other's prefix. */
  private compare(a: number, b: number): number {
    return this.compareBytes(this.starts[a]!, this.lengths[a]!, this.starts[b]!, this.lengths[b]!);
  }

  /** Bytewise order of two runs of `bytes`, lower-cased (0: the same word). */
  private compareBytes(aStart: number, aLength: number, bStart: number, bLength: number): number {
    const bytes = this.bytes;
    const length = aLength < bLength ? aLength : bLength;
    for (let i = 0; i < length; i += 1) {
      const difference = (bytes[aStart + i]! | LOWER) - (bytes[bStart + i]! | LOWER);
      if (difference !== 0) return difference;
    }
    return aLength - bLength;
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

/**
 * Makes the document of (prompt, response) in the scratch, its lexemes sorted; false when the
 * text is outside the subset this tokenizer matches exactly, or both fields are null (no
 * document, as in the SQL indexer).
 */
function tokenize(prompt: string | null, response: string | null): boolean {
  if (prompt === null && response === null) return false;
  const promptText = prompt ?? '';
  const responseText = response ?? '';
  // UTF-8 takes at most 3 bytes per UTF-16 unit; text that is not ASCII is refused once written.
  scratch.start(3 * (Math.min(promptText.length, FIELD_CHARS) + Math.min(responseText.length, FIELD_CHARS)));
  // The SQL joins the two capped fields with one space, which is a break like any other.
  const afterPrompt = addWords(promptText, 1);
  if (afterPrompt < 0 || addWords(responseText, afterPrompt) < 0) return false;
  scratch.sort();
  return true;
}

/**
 * The tsvector that `lumina_search_document(prompt, response)` would make, in Postgres' binary
 * form (tsvectorrecv; for COPY binary), or null when it is left to Postgres (see `tokenize`).
 * A view of memory the next call reuses: copy it before calling again.
 */
export function searchDocumentBinary(prompt: string | null, response: string | null): Uint8Array | null {
  return tokenize(prompt, response) ? scratch.writeBinary() : null;
}

/** The same document as tsvector text (`word:1,5 other:2`, for COPY text format), or null. */
export function searchDocumentText(prompt: string | null, response: string | null): string | null {
  return tokenize(prompt, response) ? scratch.text() : null;
}
