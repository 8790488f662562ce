import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIngestConfig } from '@lumina/ingest';
import { loadProcessorConfig, loadUpkeepConfig } from '@lumina/processors';
import { createQueryApi, loadQueryApiConfig } from '@lumina/query-api';
import { loadReplayConfig } from '@lumina/replay';
import { createTestDatabase } from '@lumina/db/testing';
import { capturingLogger } from './support/capturing-logger.js';

/** This machine's first address that is not loopback, if it has one. */
function outsideAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
}

describe('safe by default', () => {
  it('binds every service to 127.0.0.1 unless configured', () => {
    expect(loadIngestConfig({}).INGEST_HOST).toBe('127.0.0.1');
    expect(loadQueryApiConfig({}).QUERY_API_HOST).toBe('127.0.0.1');
    expect(loadReplayConfig({}).REPLAY_HOST).toBe('127.0.0.1');
    expect(loadProcessorConfig({}).PROCESSOR_HTTP_HOST).toBe('127.0.0.1');
    expect(loadUpkeepConfig({}).UPKEEP_HTTP_HOST).toBe('127.0.0.1');
    expect(loadQueryApiConfig({}).AUTH_REQUIRED).toBe(false);
  });

  describe('the query API', () => {
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    beforeAll(async () => {
      db = await createTestDatabase('lumina_exposure');
    });
    afterAll(async () => {
      await db?.drop();
    });

    async function started(env: Record<string, string>) {
      const { logger, lines } = capturingLogger();
      const api = createQueryApi(loadQueryApiConfig({ DATABASE_URL: db.url, QUERY_API_PORT: '0', ...env }), logger);
      const { port } = await api.start();
      return { api, port, warnings: () => lines.filter((line) => line.level === 40 && /without AUTH_REQUIRED/.test(line.msg)) };
    }

    it('is not reachable from another interface by default, and says nothing', async () => {
      const { api, port, warnings } = await started({});
      try {
        expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
        const outside = outsideAddress();
        if (outside) await expect(fetch(`http://${outside}:${port}/health`)).rejects.toThrow();
        expect(warnings()).toEqual([]);
      } finally {
        await api.stop();
      }
    });

    it('warns at start when bound to every interface with AUTH_REQUIRED off', async () => {
      const { api, warnings } = await started({ QUERY_API_HOST: '0.0.0.0' });
      try {
        expect(warnings()).toHaveLength(1);
        expect(warnings()[0]!.host).toBe('0.0.0.0');
      } finally {
        await api.stop();
      }
    });

    it('does not warn when bound to every interface with AUTH_REQUIRED on', async () => {
      const { api, warnings } = await started({ QUERY_API_HOST: '0.0.0.0', AUTH_REQUIRED: 'true' });
      try {
        expect(warnings()).toEqual([]);
      } finally {
        await api.stop();
      }
    });
  });
});
