/** User, session and tags: read on every span, LLM or not. */
import type { FlatSpan, SpanContextFields } from '../span.js';
import { attributeBag } from './attribute-bag.js';
import { CONTEXT_FIELD_SOURCES } from './field-sources.js';
import { readField } from './read-sources.js';

/**
 * The span's user id, session id and tags. The span's own attributes win; the
 * resource's are the fallback, field by field: a resource attribute describes
 * every span of the process, which is right for a process that serves one user
 * or session (a desktop, mobile or browser app, a batch job) and can never
 * override what a span says about itself.
 */
export function readSpanContext(span: FlatSpan): SpanContextFields {
  const own = attributeBag(span.attributes);
  const resource = attributeBag(span.resource);
  const { userId, sessionId, tags } = CONTEXT_FIELD_SOURCES;
  return {
    userId: readField(own, userId) ?? readField(resource, userId),
    sessionId: readField(own, sessionId) ?? readField(resource, sessionId),
    tags: readField(own, tags) ?? readField(resource, tags) ?? [],
  };
}
