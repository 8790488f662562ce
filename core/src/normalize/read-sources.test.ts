import { describe, expect, it } from 'vitest';
import { attributeBag } from './attribute-bag.js';
import type { FieldKind, FieldSpec, Source } from './field-sources.js';
import { readField } from './read-sources.js';
import type { Attributes } from '../span.js';

const attr = (key: string): Source => ({ read: 'attribute', key });

function read<K extends FieldKind>(attributes: Attributes, spec: FieldSpec<K>) {
  return readField(attributeBag(attributes), spec);
}

describe('the field-table walker', () => {
  const tokens: FieldSpec<'count'> = { kind: 'count', sources: [attr('a.tokens'), attr('b.tokens'), attr('c.tokens')] };

  it('takes the first source that is present, in table order', () => {
    expect(read({ 'c.tokens': 3, 'b.tokens': 2 }, tokens)).toBe(2);
    expect(read({ 'c.tokens': 3, 'b.tokens': 2, 'a.tokens': 1 }, tokens)).toBe(1);
  });

  it('skips a source that is present but unusable and answers from the next', () => {
    expect(read({ 'a.tokens': 'n/a', 'b.tokens': -4, 'c.tokens': 7 }, tokens)).toBe(7);
  });

  it('answers null when no source has a usable value', () => {
    expect(read({ 'a.tokens': '', 'b.tokens': null, other: 5 }, tokens)).toBeNull();
  });

  it('reads token counts sent as integers, doubles or numeric strings as integers', () => {
    expect(read({ 'a.tokens': 42 }, tokens)).toBe(42);
    expect(read({ 'a.tokens': 42.0 }, tokens)).toBe(42);
    expect(read({ 'a.tokens': ' 1337 ' }, tokens)).toBe(1337);
    expect(read({ 'a.tokens': '12.6' }, tokens)).toBe(13);
    expect(read({ 'a.tokens': true }, tokens)).toBeNull();
  });

  it('applies the source transform, then the field transform', () => {
    const provider: FieldSpec<'text'> = {
      kind: 'text',
      sources: [{ read: 'attribute', key: 'ai.model.provider', then: 'beforeFirstDot' }],
      normalize: 'provider',
    };
    expect(read({ 'ai.model.provider': 'xai.chat' }, provider)).toBe('x_ai');
  });

  it('falls through when a transform rejects the value', () => {
    const operation: FieldSpec<'text'> = {
      kind: 'text',
      sources: [{ read: 'attribute', key: 'ai.operationId', then: 'vercelCall' }, attr('traceloop.span.kind')],
      normalize: 'operation',
    };
    expect(read({ 'ai.operationId': 'ai.toolCall', 'traceloop.span.kind': 'task' }, operation)).toBe('task');
    expect(read({ 'ai.operationId': 'ai.streamText.doStream' }, operation)).toBe('chat');
  });

  it('reads the first item of an array, of a JSON array string, or a plain string', () => {
    const first: FieldSpec<'text'> = { kind: 'text', sources: [{ read: 'first', key: 'reasons' }] };
    expect(read({ reasons: ['length', 'stop'] }, first)).toBe('length');
    expect(read({ reasons: '["tool_calls"]' }, first)).toBe('tool_calls');
    expect(read({ reasons: 'stop' }, first)).toBe('stop');
  });

  it('reads a value inside a JSON attribute by path, and nothing when the path is missing', () => {
    const nested: FieldSpec<'text'> = {
      kind: 'text',
      sources: [{ read: 'json', key: 'doc', path: [0, 'finish_reason'] }],
    };
    expect(read({ doc: '[{"finish_reason":"stop"}]' }, nested)).toBe('stop');
    expect(read({ doc: '{"finish_reason":"stop"}' }, nested)).toBeNull();
    expect(read({ doc: 'not json' }, nested)).toBeNull();
  });

  it('ignores message sources on fields that hold no text rendering', () => {
    const odd: FieldSpec<'count'> = { kind: 'count', sources: [{ read: 'messages', list: 'gen_ai.input.messages' }] };
    expect(read({ 'gen_ai.input.messages': '[{"role":"user","content":"5"}]' }, odd)).toBeNull();
  });
});
