/** Normalization of LLM spans from every convention family into the canonical fields. */
export { normalizeLlmSpan } from './normalize.js';
export { readSpanContext, readSourcedSpanContext, type SourcedSpanContext } from './context.js';
export { deriveSpanStatus } from './status.js';
export { canonicalProvider } from './provider.js';
export { canonicalFinishReason } from './finish-reason.js';
export { canonicalOperation } from './operation.js';
export { LLM_FIELD_SOURCES, CONTEXT_FIELD_SOURCES } from './field-sources.js';
export type { FieldKind, FieldSpec, Source, TransformName } from './field-sources.js';
export { unmappedKeys, isUnknownGenAiKey, reportedKeyName } from './unmapped-keys.js';
export { isFrameworkScope } from './framework-scopes.js';
export { readSourcedField, sourceLabel, type SourcedValue } from './read-sources.js';
export { contentFromEvents, mergeEventContent, spanEventContent, EVENT_CONTENT_FIELDS } from './event-content.js';
export type { ContentEvent, EventContent, EventContentField, EventToolCall } from './event-content.js';
