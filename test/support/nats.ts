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

/** Every message stored in a stream, in order: the subject it was published on and its payload. */
export async function streamMessages(name: string): Promise<{ subject: string; data: Uint8Array }[]> {
  const nc = await connect({ servers: TEST_NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    const { first_seq, last_seq, messages } = (await jsm.streams.info(name)).state;
    const stored: { subject: string; data: Uint8Array }[] = [];
    if (messages === 0) return stored;
    for (let seq = first_seq; seq <= last_seq; seq += 1) {
      const message = await jsm.streams.getMessage(name, { seq }).catch(() => null);
      if (message) stored.push({ subject: message.subject, data: message.data });
    }
    return stored;
  } finally {
    await nc.close();
  }
}

/** Every payload stored in a stream, in order. */
export async function streamPayloads(name: string): Promise<Uint8Array[]> {
  return (await streamMessages(name)).map((message) => message.data);
}

/** Messages of a stream the given consumers have not delivered or not had acknowledged yet, summed. */
export async function consumersBacklog(stream: string, consumers: string[]): Promise<number> {
  const nc = await connect({ servers: TEST_NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    let backlog = 0;
    for (const name of consumers) {
      const info = await jsm.consumers.info(stream, name);
      backlog += info.num_pending + info.num_ack_pending;
    }
    return backlog;
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
