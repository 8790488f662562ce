/**
 * Timings of the replay comparison functions on response pairs of 2 KB and 20 KB:
 * identical, lightly edited (2% of words), heavily edited (20%), and unrelated.
 * Prints the median of several runs per function; no assertions.
 *
 *   npm run bench:compare
 *   npx tsx bench/compare.ts --runs 21
 */
import { parseArgs } from 'node:util';
import { compareCalls, editSimilarity, hashSimilarity, localSemanticScore, wordDiff } from '@lumina/core';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '11' } } });
const runs = Number(args.runs);

/** A small deterministic PRNG (mulberry32), so every run times the same texts. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'sta', 'vo', 'qui', 'der', 'an', 'tel', 'po', 'ris', 'un', 'ga', 'me'];
/** 3,000 made-up words; drawn with a Zipf-like skew, as words in real text are. */
const VOCABULARY = Array.from({ length: 3000 }, (_, i) => {
  let word = '';
  for (let n = i + 7; n > 0; n = Math.floor(n / SYLLABLES.length)) word += SYLLABLES[n % SYLLABLES.length];
  return word;
});

function word(random: () => number): string {
  return VOCABULARY[Math.floor(VOCABULARY.length * random() ** 3)] as string;
}

function prose(bytes: number, seed: number): string[] {
  const random = prng(seed);
  const words: string[] = [];
  let length = 0;
  while (length < bytes) {
    let next = word(random);
    if (random() < 0.08) next += random() < 0.5 ? ',' : '.';
    if (random() < 0.01) next += '\n\n';
    words.push(next);
    length += next.length + 1;
  }
  return words;
}

function edited(words: readonly string[], share: number, seed: number): string {
  const random = prng(seed);
  return words.map((w) => (random() < share ? word(random) : w)).join(' ');
}

function medianMs(task: () => unknown): number {
  task(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    task();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const side = (response: string) => ({ response, costUsd: 0.01, latencyMs: 900, promptTokens: 500, completionTokens: 4000 });
const tasks: [string, (a: string, b: string) => unknown][] = [
  ['editSimilarity', editSimilarity],
  ['hashSimilarity', hashSimilarity],
  ['localSemanticScore', localSemanticScore],
  ['wordDiff', wordDiff],
  ['compareCalls', (a, b) => compareCalls(side(a), side(b))],
];

console.log(`median of ${runs} runs, ms (Node ${process.version})`);
console.log(['pair', 'bytes', ...tasks.map(([name]) => name)].map((c) => c.padStart(20)).join(''));
for (const bytes of [2_000, 20_000]) {
  const base = prose(bytes, 1);
  const original = base.join(' ');
  const pairs: [string, string][] = [
    ['identical', original],
    ['2% edited', edited(base, 0.02, 2)],
    ['20% edited', edited(base, 0.2, 3)],
    ['unrelated', prose(bytes, 4).join(' ')],
  ];
  for (const [label, replay] of pairs) {
    const cells = tasks.map(([, task]) => medianMs(() => task(original, replay)).toFixed(2));
    console.log([label, String(original.length), ...cells].map((c) => c.padStart(20)).join(''));
  }
}
