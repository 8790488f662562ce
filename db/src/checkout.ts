import type pg from 'pg';

/**
 * `pool.connect()` with the client guarded for as long as it is checked out. pg-pool listens
 * for a client's `error` only while it is idle, so a connection that ends while a caller holds
 * the client (Postgres restarted, a network cut) emits an `error` nobody handles, and that
 * crashes the process. Guarded, the query in flight (or the next one) fails with the error, and
 * the caller releases the client with it as usual.
 */
export async function checkoutClient(pool: pg.Pool): Promise<pg.PoolClient> {
  const client = await pool.connect();
  const ignore = () => undefined;
  client.on('error', ignore);
  const release = client.release.bind(client);
  client.release = (destroy?: Error | boolean) => {
    client.removeListener('error', ignore);
    return release(destroy);
  };
  return client;
}

/**
 * Runs `work` in one transaction on a guarded client: COMMIT when it returns, ROLLBACK when it
 * throws (the work's own error is what the caller gets), and a client that failed is dropped
 * rather than reused.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await checkoutClient(pool);
  let failure: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(failure);
  }
}
