/** Durations written as API.md writes them: `"24h"`, `"30m"`, `"7d"`. */

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/i;

/**
 * The milliseconds of a duration such as `24h`, `30m`, `7d`, `1.5h`, `90s`, `500ms`, `2w`
 * (one number and one unit); null for anything else, zero and negative durations included.
 */
export function parseDurationMs(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match) return null;
  const ms = Number(match[1]) * (UNIT_MS[(match[2] as string).toLowerCase()] as number);
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : null;
}
