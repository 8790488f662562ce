import type { AttributeValue, RedactionCounts, Redactor, SpanRecord } from '@lumina/core';
import { eachDelivery, type Stage } from './stage.js';

/** Replaces personal data and secrets in what a span stores, and records how many of each kind. */
function redactRecord(record: SpanRecord, redactor: Redactor): void {
  const counts: RedactionCounts = {};
  if (record.prompt !== null) record.prompt = redactor.text(record.prompt, counts);
  if (record.response !== null) record.response = redactor.text(record.response, counts);
  if (record.systemPrompt !== null) record.systemPrompt = redactor.text(record.systemPrompt, counts);
  if (record.statusMessage !== null) record.statusMessage = redactor.text(record.statusMessage, counts);
  record.attributes = redactor.attributes(record.attributes, counts);
  if (record.events) record.events = record.events.map((event) => ({ ...event, attributes: redactor.attributes(event.attributes, counts) }));
  if (record.toolCalls) record.toolCalls = redactor.attributes({ calls: record.toolCalls as unknown as AttributeValue }, counts).calls as unknown as typeof record.toolCalls;
  if (Object.keys(counts).length > 0) record.redactions = counts;
}

/**
 * Stage: PII redaction before anything is stored (prompts, responses, system prompts, status
 * messages and attribute values), with each project's own switches and patterns.
 */
export function redact(redactorFor: (projectId: string) => Redactor | null): Stage {
  return eachDelivery('redact', (delivery) => {
    const redactor = redactorFor(delivery.projectId);
    if (redactor === null) return;
    for (const span of delivery.spans) redactRecord(span.record, redactor);
  });
}

/** Stage (logs stream): the same redaction on gen_ai events before they are queued for the join. */
export function redactLogEvents(redactorFor: (projectId: string) => Redactor | null): Stage {
  return eachDelivery('redact_logs', (delivery) => {
    const redactor = redactorFor(delivery.projectId);
    if (redactor === null) return;
    const counts: RedactionCounts = {};
    for (const event of delivery.logEvents) {
      event.attributes = redactor.attributes(event.attributes, counts);
      event.body = redactor.attributes({ body: event.body }, counts).body ?? null;
    }
  });
}
