import { JetStreamApiCodes, JetStreamApiError, type StreamConfig } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { factsStreamConfig } from '@lumina/core';
import { setupManager, untilJetStreamTakes } from './jetstream-setup.js';

/** Creates the alert facts stream when it is missing (processors and alerter both may start first). */
export function ensureFactsStream(nc: NatsConnection, name: string, subject: string, logger: Logger): Promise<void> {
  return untilJetStreamTakes(`stream ${name}`, () => ensureFactsStreamOnce(nc, name, subject, logger), logger);
}

async function ensureFactsStreamOnce(nc: NatsConnection, name: string, subject: string, logger: Logger): Promise<void> {
  const jsm = await setupManager(nc);
  try {
    await jsm.streams.info(name);
    return;
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
  }
  try {
    await jsm.streams.add(factsStreamConfig(name, subject) as unknown as Partial<StreamConfig> & { name: string });
    logger.info({ stream: name }, 'facts stream created');
  } catch (error) {
    // another process created it between our lookup and our add
    await jsm.streams.info(name).catch(() => Promise.reject(error));
  }
}
