/** A statement and its positional values. */
export interface SqlQuery {
  text: string;
  values: unknown[];
}

/** Collects values and hands out their `$n` placeholders, so SQL never embeds input. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** The placeholder of `value`, with an explicit type when Postgres cannot infer it. */
  add(value: unknown, type?: string): string {
    this.values.push(value);
    return type ? `$${this.values.length}::${type}` : `$${this.values.length}`;
  }

  query(text: string): SqlQuery {
    return { text, values: this.values };
  }
}

/** `WHERE a AND b ...`, or nothing. */
export function whereClause(conditions: string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join('\n  AND ')}`;
}
