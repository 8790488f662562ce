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
