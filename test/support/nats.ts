import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** Deletes a test's streams (and with them their consumers); a test spans stream takes its logs stream along. */
export async function deleteStreams(...names: string[]): Promise<void> {
  const nc = await connect({ servers: TEST_NATS_URL });
  const logsStreams = names.filter((name) => name.startsWith('LUMINA_SPANS_T')).map((name) => name.replace('LUMINA_SPANS_T', 'LUMINA_LOGS_T'));
  try {
    const jsm = await jetstreamManager(nc);
    for (const name of [...names, ...logsStreams]) await jsm.streams.delete(name).catch(() => false);
  } finally {
    await nc.close();
  }
}

/** Messages stored in a stream right now. */
export async function streamMessageCount(name: string): Promise<number> {
  const nc = await connect({ servers: TEST_NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    return (await jsm.streams.info(name)).state.messages;
  } finally {
    await nc.close();
  }
}

/** Every payload stored in a stream, in order. */
export async function streamPayloads(name: string): Promise<Uint8Array[]> {
  const nc = await connect({ servers: TEST_NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    const { first_seq, last_seq, messages } = (await jsm.streams.info(name)).state;
    const payloads: Uint8Array[] = [];
    if (messages === 0) return payloads;
    for (let seq = first_seq; seq <= last_seq; seq += 1) {
      const stored = await jsm.streams.getMessage(name, { seq }).catch(() => null);
      if (stored) payloads.push(stored.data);
    }
    return payloads;
  } finally {
    await nc.close();
  }
}

/** Publishes raw bytes to a subject through JetStream, as a collector's NATS exporter would. */
export async function publishRaw(subject: string, payloads: Uint8Array[]): Promise<void> {
  const { jetstream } = await import('@nats-io/jetstream');
  const nc = await connect({ servers: TEST_NATS_URL });
  try {
    const js = jetstream(nc);
    for (const payload of payloads) await js.publish(subject, payload);
  } finally {
    await nc.close();
  }
}
