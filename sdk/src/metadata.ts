/** Call metadata and tags as span attributes. */
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { GENERAL, LUMINA } from './attribute-keys.js';

/**
 * Free-form facts about a call. `userId` becomes `user.id` and `sessionId` `session.id`
 * (the keys every backend knows); any other key `k` becomes `lumina.metadata.k`.
 * Strings, numbers, booleans and arrays of them are kept as they are; other values as JSON.
 */
export type Metadata = { userId?: string; sessionId?: string } & Record<string, unknown>;

/** Metadata keys with a well-known attribute of their own. */
const WELL_KNOWN_KEYS: Record<string, string> = { userId: GENERAL.userId, sessionId: GENERAL.sessionId };

/** The attribute key a metadata key is written under. */
export function metadataAttributeKey(key: string): string {
  return WELL_KNOWN_KEYS[key] ?? `${LUMINA.metadataPrefix}${key}`;
}

function isPrimitive(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function attributeValue(value: unknown): AttributeValue {
  if (isPrimitive(value)) return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  if (Array.isArray(value) && value.every((item) => typeof item === 'number')) return value as number[];
  return JSON.stringify(value);
}

/** Writes metadata and tags into `attributes` (undefined and null values are skipped). */
export function addMetadataAttributes(attributes: Attributes, metadata: Metadata | undefined, tags: readonly string[] | undefined): void {
  if (metadata) {
    for (const [key, value] of Object.entries(metadata)) {
      if (value !== undefined && value !== null) attributes[metadataAttributeKey(key)] = attributeValue(value);
    }
  }
  if (tags && tags.length > 0) attributes[LUMINA.tags] = [...tags];
}
