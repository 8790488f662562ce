/** A table name quoted for SQL (names come from our own code and the catalog, quoted all the same). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
