import { connect, type Msg } from '@nats-io/transport-node';

import { decodeTraceRequest, traceRequestFromOtlpJson } from '@lumina/proto';
import { spansOf, type DecodedSpan } from './otlp-sink.js';

/** A message published on the spans subject, as the tests look at it. */
export interface SpansMessage {
  /** OTLP/JSON (otlp_json), else protobuf */
  json: boolean;
  msgId: string | undefined;
  projectId: string | undefined;
  spans: DecodedSpan[];
}

function decoded(message: Msg): SpansMessage {
  const json = message.data[0] === 0x7b; // '{'
  return {
    json,
    msgId: message.headers?.get('Nats-Msg-Id'),
    projectId: message.headers?.get('Lumina-Project-Id'),
    spans: spansOf(json ? traceRequestFromOtlpJson(message.data) : decodeTraceRequest(message.data)),
  };
}

/**
 * Records every message published on a subject from now on, with its headers. The spans
 * stream is a work queue (a message leaves it once processed), so the tests look at what was
 * published through a plain NATS subscription beside it.
 */
export async function recordSubject(natsUrl: string, subject: string): Promise<{ messages(): SpansMessage[]; close(): Promise<void> }> {
  const nc = await connect({ servers: natsUrl });
  const seen: Msg[] = [];
  const subscription = nc.subscribe(subject, { callback: (error, message) => void (error ? undefined : seen.push(message)) });
  await nc.flush();
  return {
    messages: () => seen.map(decoded),
    async close() {
      subscription.unsubscribe();
      await nc.close();
    },
  };
}
