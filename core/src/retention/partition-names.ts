/**
 * Names of day partitions, as the migrations' lumina_ensure_*_partition functions create them:
 * `<table>_YYYYMMDD`.
 */

/** The day partition of `table` holding `day` (`YYYY-MM-DD`). */
export function dayPartitionName(table: string, day: string): string {
  return `${table}_${day.replaceAll('-', '')}`;
}

/** The day (`YYYY-MM-DD`) of a day partition of `table`, or null for any other name. */
export function dayOfPartition(table: string, name: string): string | null {
  if (!name.startsWith(`${table}_`)) return null;
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(name.slice(table.length + 1));
  if (!match) return null;
  const day = `${match[1]}-${match[2]}-${match[3]}`;
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day ? day : null;
}
