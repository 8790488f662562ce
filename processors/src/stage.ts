import type { JsMsg } from '@nats-io/jetstream';
import type { FlatSpan, GenAiLogEvent, LlmFields, SpanRecord } from '@lumina/core';

/** One span on its way through the stages (the flattened span is let go once normalized: a batch's memory is its records). */
export interface SpanWork {
  /** the canonical LLM fields (normalize); null when the span is no LLM call */
  llm: LlmFields | null;
  /** what will be stored; stages after normalize fill in their fields (price: costUsd) */
  record: SpanRecord;
  /** the instrumentation scope that made the span (the mapping report's key) */
  scope: { name: string; version: string };
  /** attribute keys of an LLM span that no mapping read (null for other spans) */
  unmappedKeys: string[] | null;
}

/**
 * Where a delivery stands: `pending` while stages work on it; `stored` once committed;
 * `held` when Postgres was away at shutdown (redeliver, not the message's fault); `failed`
 * when a stage could not handle it (retried, then dead-lettered).
 */
export type DeliveryState = 'pending' | 'stored' | 'held' | 'failed';

/** One message of the spans stream and what the stages made of it. */
export interface Delivery {
  message: JsMsg;
  /** from the message's Lumina-Project-Id header (decode) */
  projectId: string;
  /** the payload's spans (decode; emptied by normalize) */
  flat: FlatSpan[];
  /** the spans being enriched (normalize onwards) */
  spans: SpanWork[];
  /** a message of the logs stream: its gen_ai events (decodeLogs onwards) */
  logEvents: GenAiLogEvent[];
  state: DeliveryState;
  /** why it failed, for the retry log and the dead-letter reason */
  failure: unknown;
}

/**
 * A step of the processing pipeline, run over a whole batch of deliveries in order
 * (decode → normalize → price → persist → acknowledge). Redaction, quality scoring and the
 * alert feed each join as one more stage in the list.
 */
export interface Stage {
  readonly name: string;
  run(batch: Delivery[]): Promise<void> | void;
  /**
   * Set by stages that handle each delivery on its own (eachDelivery): the pipeline then runs
   * consecutive such stages delivery by delivery, so one message's intermediate data (its
   * decoded tree, its flattened spans) is garbage before the next message is decoded.
   */
  readonly handleOne?: (delivery: Delivery) => void;
}

/** A new delivery of a stream message, before any stage ran. */
export function newDelivery(message: JsMsg): Delivery {
  return { message, projectId: '', flat: [], spans: [], logEvents: [], state: 'pending', failure: undefined };
}

/** Marks a delivery failed with its reason; later stages leave it to acknowledge. */
export function fail(delivery: Delivery, reason: unknown): void {
  delivery.state = 'failed';
  delivery.failure = reason;
}

/**
 * A stage that handles each pending delivery on its own: one that throws is marked failed,
 * so one bad payload never holds back the others in its batch.
 */
export function eachDelivery(name: string, handle: (delivery: Delivery) => void): Stage {
  const handleOne = (delivery: Delivery) => {
    if (delivery.state !== 'pending') return;
    try {
      handle(delivery);
    } catch (error) {
      fail(delivery, error);
    }
  };
  return {
    name,
    handleOne,
    run(batch) {
      for (const delivery of batch) handleOne(delivery);
    },
  };
}
