import { describe, expect, it } from 'vitest';
import { readSpanContext } from './context.js';
import { flatSpan } from '../../testing/flat-span.js';

describe('user, session and tags', () => {
  it('reads OpenInference session, user and tags, deduplicated in order', () => {
    const span = flatSpan({ 'session.id': 'sess-1', 'user.id': 'user-9', 'tag.tags': ['beta', 'fr', 'beta'] });
    expect(readSpanContext(span)).toEqual({ userId: 'user-9', sessionId: 'sess-1', tags: ['beta', 'fr'] });
  });

  it('reads OpenLLMetry association properties', () => {
    const span = flatSpan({
      'traceloop.association.properties.user_id': 'u-42',
      'traceloop.association.properties.session_id': 's-7',
    });
    expect(readSpanContext(span)).toEqual({ userId: 'u-42', sessionId: 's-7', tags: [] });
  });

  it('reads Vercel telemetry metadata', () => {
    const span = flatSpan({ 'ai.telemetry.metadata.userId': 'alice', 'ai.telemetry.metadata.sessionId': 'chat-3' });
    expect(readSpanContext(span)).toMatchObject({ userId: 'alice', sessionId: 'chat-3' });
  });

  it('prefers the gen_ai conversation id over other session keys', () => {
    const span = flatSpan({ 'gen_ai.conversation.id': 'conv-1', 'session.id': 'sess-1', session_id: 'bare' });
    expect(readSpanContext(span).sessionId).toBe('conv-1');
  });

  it('reads tags from a JSON array in a string, and a lone string as one tag', () => {
    expect(readSpanContext(flatSpan({ 'lumina.tags': '["checkout", "prod", "checkout"]' })).tags).toEqual([
      'checkout',
      'prod',
    ]);
    expect(readSpanContext(flatSpan({ tags: 'experiment-a' })).tags).toEqual(['experiment-a']);
  });

  it('lets an empty tag list fall through to the next tag source', () => {
    expect(readSpanContext(flatSpan({ 'tag.tags': [], 'lumina.tags': ['nightly'] })).tags).toEqual(['nightly']);
  });

  it('reads numeric user ids as text', () => {
    expect(readSpanContext(flatSpan({ 'enduser.id': 1234 })).userId).toBe('1234');
  });

  it('applies to spans that are not LLM calls', () => {
    const http = flatSpan({ 'http.request.method': 'GET', 'user.id': 'u-1' });
    expect(readSpanContext(http).userId).toBe('u-1');
  });

  it('falls back to resource attributes, field by field, when the span has none', () => {
    const span = flatSpan(
      { 'session.id': 'from-span' },
      { resource: { 'service.name': 'mobile', 'session.id': 'from-resource', 'user.id': 'device-owner', tags: ['ios'] } },
    );
    expect(readSpanContext(span)).toEqual({ userId: 'device-owner', sessionId: 'from-span', tags: ['ios'] });
  });

  it('has no user, no session and no tags when nothing says so', () => {
    expect(readSpanContext(flatSpan({ 'gen_ai.operation.name': 'chat' }))).toEqual({
      userId: null,
      sessionId: null,
      tags: [],
    });
  });
});
