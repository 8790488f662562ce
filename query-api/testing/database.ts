import { createTestDatabase, type TestDatabase } from '@lumina/db/testing';

/** A migrated test database of the query API's tests (db/testing drops it only once this process's connections are gone). */
export function openTestDatabase(): Promise<TestDatabase> {
  return createTestDatabase('lumina_query_test');
}
