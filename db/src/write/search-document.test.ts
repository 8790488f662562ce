import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchDocumentBinary, searchDocumentText, seededRandom } from '@lumina/core';
import { createTestDatabase } from '../../testing/test-database.js';

/**
 * The processors make search documents themselves when the text is in the tokenizer's safe
 * subset (core/src/search/document.ts): each must equal what Postgres' own function makes, or
 * searches would miss spans. Compared here on a real Postgres, over seeded random text.
 */
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let client: pg.Client;
beforeAll(async () => {
  db = await createTestDatabase('lumina_search_document');
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await db?.drop();
});

/**
 * Postgres' document and ours, both as Postgres prints a tsvector (null when ours declined), and
 * whether our binary form is byte for byte what Postgres sends for its own (tsvectorsend: the
 * same lexemes in the same order with the same positions).
 */
async function both(pairs: [string | null, string | null][]): Promise<{ postgres: string; ours: string | null; same_binary: boolean | null }[]> {
  const ours = pairs.map(([prompt, response]) => searchDocumentText(prompt, response));
  // Each binary is a view of memory the next call reuses: copied.
  const binaries = pairs.map(([prompt, response]) => {
    const binary = searchDocumentBinary(prompt, response);
    return binary === null ? null : Buffer.from(binary);
  });
  expect(binaries.map((binary) => binary !== null)).toEqual(ours.map((text) => text !== null));
  const { rows } = await client.query<{ postgres: string; ours: string | null; same_binary: boolean | null }>(
    `SELECT lumina_search_document(p, r)::text AS postgres, o::tsvector::text AS ours,
            tsvectorsend(lumina_search_document(p, r)) = b AS same_binary
     FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[]) WITH ORDINALITY AS t (p, r, o, b, n) ORDER BY n`,
    [pairs.map((pair) => pair[0]), pairs.map((pair) => pair[1]), ours, binaries],
  );
  return rows;
}

function randomText(random: () => number, alphabet: string, maxLength: number): string {
  let text = '';
  const length = Math.floor(random() * maxLength);
  for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(random() * alphabet.length)];
  return text;
}

describe('search documents made in the processors', () => {
  it('equal Postgres’ own for every random text they accept, over every ASCII character', async () => {
    const random = seededRandom(22);
    const alphabet = 'abcXYZ0190 \t\n\r' + '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
    const pairs: [string | null, string | null][] = Array.from({ length: 20_000 }, () => [randomText(random, alphabet, 14), randomText(random, alphabet, 14)]);
    const rows = await both(pairs);
    const accepted = rows.filter((row) => row.ours !== null);
    expect(accepted.length).toBeGreaterThan(2_000);
    expect(accepted.filter((row) => row.ours !== row.postgres)).toEqual([]);
    expect(accepted.filter((row) => row.same_binary !== true)).toEqual([]);
  });

  it('order many words that share their first letters as Postgres does', async () => {
    const random = seededRandom(7);
    const pairs: [string | null, string | null][] = Array.from({ length: 200 }, () => [randomText(random, 'abAB  ', 600), randomText(random, 'ab1 ', 300)]);
    const rows = await both(pairs);
    expect(rows.filter((row) => row.ours !== row.postgres || row.same_binary !== true)).toEqual([]);
  });

  it('equal Postgres’ own for prose, markdown lists and code-free answers', async () => {
    const prose = [
      ["You are a helpful assistant. Answer in 3 sentences!", "Sure - here's what I found: the invoice (#4521) shows two charges; cancel the second one."],
      ['What is the refund policy?\r\n\r\n- item one\n- item two\n1. first\n2. second', "I can't say; please ask support@ our team (24 hours)."],
      [null, 'Only a response, with "quotes", [brackets], {braces} and 100% certainty.'],
      ['Only a prompt?', null],
      ['', ''],
      ['UPPER lower MiXeD 42 gpt4o 3rd', 'end.'],
    ] as [string | null, string | null][];
    const rows = await both(prose);
    expect(rows.map((row) => row.ours)).toEqual(rows.map((row) => row.postgres));
    expect(rows.map((row) => row.same_binary)).toEqual(rows.map(() => true));
  });

  it('equal Postgres’ own past the limits: capped fields, positions beyond 16,383, a word repeated 300 times', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => `w${i % 500}`).join(' ');
    const repeated = Array.from({ length: 300 }, () => 'again').join(' ');
    const rows = await both([
      [many, 'tail words'],
      [repeated, repeated],
      ['a '.repeat(40_000), 'b'],
      [`${'y '.repeat(40_000)}z`, 'after the cap'],
    ]);
    expect(rows.map((row) => row.ours)).toEqual(rows.map((row) => row.postgres));
    expect(rows.map((row) => row.same_binary)).toEqual(rows.map(() => true));
  });

  it('leave to Postgres what they cannot match: hosts, hyphenated words, URLs, tags, numbers with a point, non-ASCII', () => {
    // A word over 2,047 characters Postgres drops with a notice; it is left to Postgres too.
    for (const text of ['see example.com', 'b._', 'well-known', 'https://x.io/a', '<b>bold</b>', 'pi is 3.14', 'café', 'a+b', 'x'.repeat(2048)]) {
      expect(searchDocumentText(text, null)).toBeNull();
      expect(searchDocumentBinary(text, null)).toBeNull();
    }
    expect(searchDocumentText(null, null)).toBeNull();
  });
});
