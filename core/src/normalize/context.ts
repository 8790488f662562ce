/** User, session and tags: read on every span, LLM or not. */
import type { FieldSources, FlatSpan, SpanContextFields } from '../span.js';
import { type AttributeBag, attributeBag } from './attribute-bag.js';
import { CONTEXT_FIELD_SOURCES } from './field-sources.js';
import type { FieldKind, FieldSpec } from './field-sources.js';
import { type FieldValue, readSourcedField, sourceLabel } from './read-sources.js';

/** The context fields and which key gave each (`resource:<key>` when the resource did). */
export interface SourcedSpanContext {
  fields: SpanContextFields;
  sources: FieldSources;
}

function ownOrResource<K extends FieldKind>(
  own: AttributeBag,
  resource: AttributeBag,
  spec: FieldSpec<K>,
  name: string,
  sources: FieldSources,
): FieldValue<K> | null {
  const fromSpan = readSourcedField(own, spec);
  if (fromSpan !== null) {
    sources[name] = sourceLabel(fromSpan.source);
    return fromSpan.value;
  }
  const fromResource = readSourcedField(resource, spec);
  if (fromResource === null) return null;
  sources[name] = `resource:${sourceLabel(fromResource.source)}`;
  return fromResource.value;
}

/**
 * The span's user id, session id and tags, with the key that gave each. The span's own
 * attributes win; the resource's are the fallback, field by field: a resource attribute
 * describes every span of the process, which is right for a process that serves one user
 * or session (a desktop, mobile or browser app, a batch job) and can never override what a
 * span says about itself.
 */
export function readSourcedSpanContext(span: FlatSpan): SourcedSpanContext {
  const own = attributeBag(span.attributes);
  const resource = attributeBag(span.resource);
  const { userId, sessionId, tags } = CONTEXT_FIELD_SOURCES;
  const sources: FieldSources = {};
  const fields = {
    userId: ownOrResource(own, resource, userId, 'user_id', sources),
    sessionId: ownOrResource(own, resource, sessionId, 'session_id', sources),
    tags: ownOrResource(own, resource, tags, 'tags', sources) ?? [],
  };
  return { fields, sources };
}

/** The span's user id, session id and tags (see {@link readSourcedSpanContext}). */
export function readSpanContext(span: FlatSpan): SpanContextFields {
  return readSourcedSpanContext(span).fields;
}
