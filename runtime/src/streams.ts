import { JetStreamApiCodes, JetStreamApiError, type StreamConfig } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { jetStreamConfig, reconcileStream, type StreamSpec } from '@lumina/core';
import { setupManager, untilJetStreamTakes } from './jetstream-setup.js';

export interface EnsureStreamOptions {
  /**
   * bring an existing stream to the spec (the service that owns it); false: create it when
   * missing, and otherwise only add the subjects it lacks (a consumer of one needs it there)
   */
  reconcile: boolean;
}

function isStreamNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound;
}

/**
 * Creates the stream when it is missing (or adds the subjects an existing one lacks); with
 * `reconcile`, brings an existing one to the spec
 * as core's reconcileStream says, logging every setting it changes or keeps, and an error for
 * what it cannot change (the stream is then used as it is). Asks again while JetStream is not
 * ready (a cluster electing or placing replicas).
 */
export function ensureStream(nc: NatsConnection, spec: StreamSpec, logger: Logger, options: EnsureStreamOptions): Promise<void> {
  return untilJetStreamTakes(`stream ${spec.name}`, () => ensureStreamOnce(nc, spec, logger, options), logger);
}

async function ensureStreamOnce(nc: NatsConnection, spec: StreamSpec, logger: Logger, options: EnsureStreamOptions): Promise<void> {
  const jsm = await setupManager(nc);
  const config = jetStreamConfig(spec) as unknown as Partial<StreamConfig> & { name: string };
  let existing: StreamConfig;
  try {
    existing = (await jsm.streams.info(spec.name)).config;
  } catch (error) {
    if (!isStreamNotFound(error)) throw error;
    try {
      await jsm.streams.add(config);
      logger.info({ stream: spec.name, maxBytes: spec.maxBytes.value, maxMsgs: spec.maxMsgs.value, retention: spec.retention }, 'stream created');
      return;
    } catch (addError) {
      // Another replica created it between our lookup and our add: reconcile that one.
      existing = (await jsm.streams.info(spec.name).catch(() => Promise.reject(addError))).config;
    }
  }
  const plan = reconcileStream(existing, spec);
  if (!options.reconcile) {
    if (!plan.update.subjects) return;
    await jsm.streams.update(spec.name, { ...existing, subjects: plan.update.subjects } as Partial<StreamConfig>);
    logger.warn({ stream: spec.name, subjects: plan.update.subjects }, 'stream subjects added');
    return;
  }
  for (const problem of plan.problems) logger.error({ stream: spec.name }, `stream cannot be made safe in place: ${problem}`);
  for (const note of plan.kept) logger.warn({ stream: spec.name, ...note }, `stream keeps its own ${note.setting} ${note.from}`);
  if (plan.changed.length === 0) return;
  await jsm.streams.update(spec.name, { ...existing, ...plan.update } as Partial<StreamConfig>);
  for (const note of plan.changed) logger.warn({ stream: spec.name, ...note }, `stream ${note.setting} changed from ${note.from} to ${note.to}`);
}
