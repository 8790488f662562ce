/**
 * The one walker of the field table: reads a field's sources in order and
 * returns the first usable value. A source that is present but unusable (a
 * token count of "n/a", an empty message list) does not stop the walk.
 */
import type { AttributeValue } from '../span.js';
import { type AttributeBag, parsedAttribute } from './attribute-bag.js';
import type { FieldKind, FieldSpec, Source, TransformName } from './field-sources.js';
import { canonicalFinishReason } from './finish-reason.js';
import type { Message } from './message-content.js';
import { readMessageList, renderPrompt, renderResponse, renderSystemPrompt } from './messages.js';
import { canonicalOperation, vercelCallOperation } from './operation.js';
import { beforeFirstDot, canonicalProvider } from './provider.js';
import { asCount, asFreeText, asNonNegativeNumber, asTags, asText, isRecord } from './values.js';

/** The type a field of each kind holds. */
export type FieldValue<K extends FieldKind> = K extends 'count' | 'price'
  ? number
  : K extends 'tags'
    ? string[]
    : string;

const TRANSFORMS: Record<TransformName, (value: string) => string | null> = {
  provider: canonicalProvider,
  operation: canonicalOperation,
  finishReason: canonicalFinishReason,
  beforeFirstDot,
  vercelCall: vercelCallOperation,
};

const COERCE: { [K in FieldKind]: (value: AttributeValue) => FieldValue<K> | null } = {
  text: asText,
  count: asCount,
  price: asNonNegativeNumber,
  tags: asTags,
  prompt: asFreeText,
  response: asFreeText,
  systemPrompt: asFreeText,
};

/** How a message list becomes a field; kinds without a rendering ignore message sources. */
const RENDER: Partial<Record<FieldKind, (messages: readonly Message[]) => string | null>> = {
  prompt: renderPrompt,
  response: renderResponse,
  systemPrompt: renderSystemPrompt,
};

function valueAtPath(value: AttributeValue | undefined, path: readonly (string | number)[]): AttributeValue | undefined {
  let current = value;
  for (const step of path) {
    if (typeof step === 'number') current = Array.isArray(current) ? current[step] : undefined;
    else current = isRecord(current) ? current[step] : undefined;
  }
  return current;
}

function rawValue(bag: AttributeBag, source: Exclude<Source, { read: 'messages' }>): AttributeValue | undefined {
  switch (source.read) {
    case 'attribute':
      return bag.attributes[source.key];
    case 'first': {
      const value = parsedAttribute(bag, source.key);
      return Array.isArray(value) ? value[0] : value;
    }
    case 'json':
      return valueAtPath(parsedAttribute(bag, source.key), source.path);
  }
}

function applyTransforms(value: string, names: readonly (TransformName | undefined)[]): string | null {
  let current: string | null = value;
  for (const name of names) {
    if (name !== undefined && current !== null) current = TRANSFORMS[name](current);
  }
  return current;
}

function readSource(bag: AttributeBag, spec: FieldSpec, source: Source): FieldValue<FieldKind> | null {
  if (source.read === 'messages') {
    const render = RENDER[spec.kind];
    const messages = render === undefined ? null : readMessageList(bag, source.list);
    return render === undefined || messages === null ? null : render(messages);
  }
  const raw = rawValue(bag, source);
  if (raw === undefined || raw === null) return null;
  const value = COERCE[spec.kind](raw);
  return typeof value === 'string' ? applyTransforms(value, [source.then, spec.normalize]) : value;
}

/** A field's value and the source that gave it. */
export interface SourcedValue<K extends FieldKind> {
  value: FieldValue<K>;
  source: Source;
}

/** The field's value from the first source that yields one, with that source; null when none does. */
export function readSourcedField<K extends FieldKind>(bag: AttributeBag, spec: FieldSpec<K>): SourcedValue<K> | null {
  for (const source of spec.sources) {
    const value = readSource(bag, spec, source);
    if (value !== null) return { value: value as FieldValue<K>, source };
  }
  return null;
}

/** The field's value from the first source that yields one, or null. */
export function readField<K extends FieldKind>(bag: AttributeBag, spec: FieldSpec<K>): FieldValue<K> | null {
  return readSourcedField(bag, spec)?.value ?? null;
}

/** How the mapping report names a source: the attribute key, or the message list's name. */
export function sourceLabel(source: Source): string {
  return source.read === 'messages' ? source.list : source.key;
}
