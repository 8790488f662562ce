import { create } from '@bufbuild/protobuf';
import { AnyValueSchema, ExportLogsServiceRequestSchema, ExportTraceServiceRequestSchema, type AnyValue } from '@lumina/proto';
import { describe, expect, it } from 'vitest';
import { dropLogRecordsNestedTooDeep, dropSpansNestedTooDeep, MAX_ATTRIBUTE_DEPTH } from './value-depth.js';

function nested(levels: number): AnyValue {
  let value = create(AnyValueSchema, { value: { case: 'stringValue', value: 'bottom' } });
  for (let i = 0; i < levels; i += 1) {
    value = i % 2 === 0
      ? create(AnyValueSchema, { value: { case: 'arrayValue', value: { values: [value] } } })
      : create(AnyValueSchema, { value: { case: 'kvlistValue', value: { values: [{ key: 'k', value }] } } });
  }
  return value;
}

const span = (name: string, levels: number, where: 'attributes' | 'event' | 'link' = 'attributes') => ({
  name,
  attributes: where === 'attributes' ? [{ key: 'v', value: nested(levels) }] : [],
  events: where === 'event' ? [{ name: 'e', attributes: [{ key: 'v', value: nested(levels) }] }] : [],
  links: where === 'link' ? [{ attributes: [{ key: 'v', value: nested(levels) }] }] : [],
});

describe('dropSpansNestedTooDeep', () => {
  it('drops only the spans whose own, event or link attributes nest past the limit', () => {
    const request = create(ExportTraceServiceRequestSchema, {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [span('ok', MAX_ATTRIBUTE_DEPTH), span('deep', MAX_ATTRIBUTE_DEPTH + 1), span('deep event', 500, 'event'), span('deep link', 40, 'link'), span('flat', 0)],
            },
          ],
        },
      ],
    });
    expect(dropSpansNestedTooDeep(request)).toBe(3);
    expect(request.resourceSpans[0]!.scopeSpans[0]!.spans.map((s) => s.name)).toEqual(['ok', 'flat']);
  });

  it('drops every span of a resource or scope whose attributes nest past the limit', () => {
    const request = create(ExportTraceServiceRequestSchema, {
      resourceSpans: [
        { resource: { attributes: [{ key: 'v', value: nested(100) }] }, scopeSpans: [{ spans: [span('a', 0), span('b', 0)] }] },
        { scopeSpans: [{ scope: { attributes: [{ key: 'v', value: nested(100) }] }, spans: [span('c', 0)] }, { spans: [span('d', 1)] }] },
      ],
    });
    expect(dropSpansNestedTooDeep(request)).toBe(3);
    expect(request.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((x) => x.name)))).toEqual(['d']);
  });
});

describe('dropLogRecordsNestedTooDeep', () => {
  it('drops only the records whose body or attributes nest past the limit', () => {
    const request = create(ExportLogsServiceRequestSchema, {
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                { eventName: 'ok', body: nested(MAX_ATTRIBUTE_DEPTH), attributes: [{ key: 'v', value: nested(3) }] },
                { eventName: 'deep body', body: nested(MAX_ATTRIBUTE_DEPTH + 1) },
                { eventName: 'deep attribute', attributes: [{ key: 'v', value: nested(300) }] },
              ],
            },
          ],
        },
      ],
    });
    expect(dropLogRecordsNestedTooDeep(request)).toBe(2);
    expect(request.resourceLogs[0]!.scopeLogs[0]!.logRecords.map((r) => r.eventName)).toEqual(['ok']);
  });
});
