import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

import { decodeTraceRequest, traceRequestFromOtlpJson } from '@lumina/proto';
import { spansOf, type DecodedSpan } from './otlp-sink.js';

/** A message of the spans stream as the tests look at it. */
export interface StoredSpansMessage {
  /** OTLP/JSON (otlp_json), else protobuf */
  json: boolean;
  msgId: string | undefined;
  projectId: string | undefined;
  spans: DecodedSpan[];
}

/** Every message stored in a stream of the server at `natsUrl`, decoded, in order. */
export async function storedSpansMessages(natsUrl: string, stream: string): Promise<StoredSpansMessage[]> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const { first_seq, last_seq, messages } = (await jsm.streams.info(stream)).state;
    const out: StoredSpansMessage[] = [];
    for (let seq = first_seq; messages > 0 && seq <= last_seq; seq += 1) {
      const stored = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (!stored) continue;
      const json = stored.data[0] === 0x7b; // '{'
      out.push({
        json,
        msgId: stored.header?.get('Nats-Msg-Id'),
        projectId: stored.header?.get('Lumina-Project-Id'),
        spans: spansOf(json ? traceRequestFromOtlpJson(stored.data) : decodeTraceRequest(stored.data)),
      });
    }
    return out;
  } finally {
    await nc.close();
  }
}
