import { jetstreamManager, JetStreamApiCodes, JetStreamApiError, type StreamConfig } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { factsStreamConfig } from '@lumina/core';

/** Creates the alert facts stream when it is missing (processors and alerter both may start first). */
export async function ensureFactsStream(nc: NatsConnection, name: string, subject: string, logger: Logger): Promise<void> {
  const jsm = await jetstreamManager(nc);
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
