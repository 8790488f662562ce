/**
 * The wording changes of a simulated replay: pairs of interchangeable English
 * words (used both ways) and filler words that may be dropped. Data, not logic;
 * lower case. Enough to make a simulated answer read as a rewording of the
 * original, which is all simulation claims to be.
 */

const PAIRS: readonly (readonly [string, string])[] = [
  ['big', 'large'],
  ['small', 'little'],
  ['fast', 'quick'],
  ['quickly', 'rapidly'],
  ['easy', 'simple'],
  ['hard', 'difficult'],
  ['help', 'assist'],
  ['use', 'employ'],
  ['show', 'display'],
  ['start', 'begin'],
  ['end', 'finish'],
  ['make', 'create'],
  ['get', 'obtain'],
  ['need', 'require'],
  ['buy', 'purchase'],
  ['choose', 'select'],
  ['answer', 'reply'],
  ['often', 'frequently'],
  ['also', 'additionally'],
  ['however', 'nevertheless'],
  ['but', 'yet'],
  ['important', 'essential'],
  ['good', 'fine'],
  ['great', 'excellent'],
  ['problem', 'issue'],
  ['example', 'instance'],
  ['method', 'approach'],
  ['result', 'outcome'],
  ['check', 'verify'],
  ['change', 'modify'],
  ['fix', 'repair'],
  ['try', 'attempt'],
  ['enough', 'sufficient'],
  ['maybe', 'perhaps'],
  ['about', 'roughly'],
  ['mostly', 'largely'],
];

/** Each word's replacement, both directions. */
export const SYNONYMS: ReadonlyMap<string, string> = new Map(PAIRS.flatMap(([a, b]) => [[a, b], [b, a]] as const));

/** Words a rewording may leave out without changing what is said. */
export const FILLERS: ReadonlySet<string> = new Set(['very', 'really', 'just', 'actually', 'basically', 'quite', 'simply']);
