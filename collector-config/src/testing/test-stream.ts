import { randomUUID } from 'node:crypto';

import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';

/**
 * A throwaway JetStream stream with a subject of its own, so a test never touches
 * LUMINA_SPANS or another test's messages. `close()` deletes it.
 */
export class TestStream {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    readonly name: string,
    readonly subject: string,
  ) {}

  static async create(servers = process.env.NATS_URL ?? 'nats://127.0.0.1:4222'): Promise<TestStream> {
    const nc = await connect({ servers });
    const jsm = await jetstreamManager(nc);
    const id = randomUUID().replaceAll('-', '').slice(0, 12);
    const stream = new TestStream(nc, jsm, `COLLECTOR_TEST_${id}`, `lumina.test.${id}.spans.otlp`);
    await stream.add();
    return stream;
  }

  async add(): Promise<void> {
    await this.jsm.streams.add({ name: this.name, subjects: [this.subject] });
  }

  async remove(): Promise<void> {
    await this.jsm.streams.delete(this.name).catch(() => false);
  }

  /** Every stored message's payload, oldest first. */
  async payloads(): Promise<Uint8Array[]> {
    const info = await this.jsm.streams.info(this.name);
    const payloads: Uint8Array[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const message = await this.jsm.streams.getMessage(this.name, { seq }).catch(() => null);
      if (message) payloads.push(message.data);
    }
    return payloads;
  }

  async close(): Promise<void> {
    await this.remove();
    await this.nc.close();
  }
}
