import { create } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import type { FlatSpan } from '@lumina/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { realisticRequest } from '../../bench/ingest/realistic-spans.js';
import { everyFieldSpan, sdkSpans } from '../testing/fixtures.js';
import { decodeTraceRequest } from './decode.js';
import { encodeTraceRequest } from './encode.js';
import { ProtoDecodeError } from './errors.js';
import { disagreement, flatPath, oldPath } from './flat-decode-differential.js';
import { ExportTraceServiceRequestSchema, type ExportTraceServiceRequest } from './gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';
import type { AnyValue, KeyValue } from './gen/opentelemetry/proto/common/v1/common_pb.js';
import type { MessageInitShape } from '@bufbuild/protobuf';

/** Asserts both paths agree, and returns the spans for further checks (empty when both threw). */
function decodeBoth(bytes: Uint8Array): FlatSpan[] {
  const old = oldPath(bytes);
  const flat = flatPath(bytes);
  if ('error' in old) {
    expect(flat).toHaveProperty('error');
    expect((flat as { error: unknown }).error).toBeInstanceOf(ProtoDecodeError);
    expect((flat as { error: ProtoDecodeError }).error.code).toBe('invalid_protobuf');
    return [];
  }
  expect(flat).not.toHaveProperty('error');
  expect((flat as { spans: FlatSpan[] }).spans).toStrictEqual(old.spans);
  return (flat as { spans: FlatSpan[] }).spans;
}

const rejects = (bytes: Uint8Array) => expect(() => decodeTraceRequest(bytes)).toThrow(ProtoDecodeError);

const encode = (init: MessageInitShape<typeof ExportTraceServiceRequestSchema>) => encodeTraceRequest(create(ExportTraceServiceRequestSchema, init) as ExportTraceServiceRequest);
const value = (v: AnyValue['value']): AnyValue => ({ value: v }) as AnyValue;
const kv = (key: string, v: AnyValue['value']): KeyValue => ({ key, value: value(v) }) as KeyValue;
const id = (length: number, fill: number) => new Uint8Array(length).fill(fill);

/** One request of one span carrying `attributes`, under a resource and scope. */
function withAttributes(attributes: KeyValue[]) {
  return encode({
    resourceSpans: [
      {
        resource: { attributes: [kv('service.name', { case: 'stringValue', value: 'svc' })] },
        scopeSpans: [{ scope: { name: 's', version: '1' }, spans: [{ traceId: id(16, 1), spanId: id(8, 2), name: 'n', attributes }] }],
      },
    ],
  });
}

/** Builds wire bytes field by field, for shapes no encoder writes. */
function wire(build: (w: BinaryWriter) => void): Uint8Array {
  const w = new BinaryWriter();
  build(w);
  return w.finish();
}

/** A length-delimited field holding what `build` writes. */
const nested = (w: BinaryWriter, fieldNo: number, build: (w: BinaryWriter) => void) => {
  w.tag(fieldNo, WireType.LengthDelimited).fork();
  build(w);
  w.join();
};

/** request → resource_spans → scope_spans → span, with `build` writing the span's fields. */
const oneSpan = (build: (w: BinaryWriter) => void) => wire((w) => nested(w, 1, (rs) => nested(rs, 2, (ss) => nested(ss, 2, build))));

describe('decodeFlatSpans produces what flatten(decodeTraceRequest()) produces', () => {
  it('on realistic requests of both trace shapes (a root with LLM calls under it, lone LLM calls)', () => {
    for (const callsPerTrace of [3, 0]) {
      const spans = decodeBoth(realisticRequest(300, ['checkout', 'search'], Date.now(), callsPerTrace));
      expect(spans).toHaveLength(300);
      expect(spans[1]!.attributes['gen_ai.usage.input_tokens']).toBeTypeOf('number');
    }
  });

  it('on what the official OpenTelemetry serializer writes, links and dropped counts included', async () => {
    for (const spans of [[everyFieldSpan()], await sdkSpans()]) {
      const bytes = ProtobufTraceSerializer.serializeRequest(spans)!;
      expect(decodeBoth(bytes).length).toBe(spans.length);
    }
  });

  it('converts every attribute type as attributes.ts does', () => {
    const spans = decodeBoth(
      withAttributes([
        kv('str', { case: 'stringValue', value: 'a\0b' }),
        kv('bool', { case: 'boolValue', value: true }),
        kv('max safe', { case: 'intValue', value: BigInt(Number.MAX_SAFE_INTEGER) }),
        kv('above safe', { case: 'intValue', value: BigInt(Number.MAX_SAFE_INTEGER) + 1n }),
        kv('min safe', { case: 'intValue', value: BigInt(Number.MIN_SAFE_INTEGER) }),
        kv('below safe', { case: 'intValue', value: -(2n ** 63n) }),
        kv('double', { case: 'doubleValue', value: 0.25 }),
        kv('nan', { case: 'doubleValue', value: Number.NaN }),
        kv('inf', { case: 'doubleValue', value: Number.NEGATIVE_INFINITY }),
        kv('bytes', { case: 'bytesValue', value: new Uint8Array([0, 1, 254, 255]) }),
        kv('array', { case: 'arrayValue', value: { values: [value({ case: 'intValue', value: 1n }), value(undefined as never), value({ case: 'stringValue', value: 'x' })] } as never }),
        kv('kvlist', { case: 'kvlistValue', value: { values: [kv('k', { case: 'boolValue', value: false }), kv('k', { case: 'stringValue', value: 'last' })] } as never }),
        { key: 'no value' } as KeyValue,
        kv('empty value', { case: undefined }),
        kv('ke\0y', { case: 'stringValue', value: '\uFEFFbom and ünïcödé 🙂' }),
        kv('str', { case: 'stringValue', value: 'last wins' }),
      ]),
    );
    expect(spans[0]!.attributes).toStrictEqual({
      str: 'last wins',
      bool: true,
      'max safe': Number.MAX_SAFE_INTEGER,
      'above safe': '9007199254740992',
      'min safe': Number.MIN_SAFE_INTEGER,
      'below safe': '-9223372036854775808',
      double: 0.25,
      nan: 'NaN',
      inf: '-Infinity',
      bytes: 'AAH+/w==',
      array: [1, null, 'x'],
      kvlist: { k: 'last' },
      'no value': null,
      'empty value': null,
      key: '\uFEFFbom and ünïcödé 🙂',
    });
  });

  it('decodes short strings that share length and ends, non-ASCII ones, and ones around the cached length, each as itself', () => {
    const strings = ['aaXaaaaaa', 'aaYaaaaaa', 'aaXaaaaaa', 'a\0b', 'x'.repeat(40), 'x'.repeat(41), `${'y'.repeat(39)}é`, 'é', '', 'aaZaaaaaa', 'aaYaaaaaa'];
    const spans = decodeBoth(withAttributes(strings.map((text, i) => kv(`${text}`, { case: 'stringValue', value: `${i}:${text}` }))));
    expect(Object.keys(spans[0]!.attributes)).toEqual(['aaXaaaaaa', 'aaYaaaaaa', 'ab', 'x'.repeat(40), 'x'.repeat(41), `${'y'.repeat(39)}é`, 'é', '', 'aaZaaaaaa']);
    expect(spans[0]!.attributes['aaYaaaaaa']).toBe('10:aaYaaaaaa');
  });

  it('treats an attribute key "__proto__" as the old path does: it sets the prototype of the attributes object', () => {
    // A quirk of keyValuesToAttributes (plain assignment), kept as is; strict deep equality
    // cannot compare the two results, as each has its own prototype object.
    const bytes = withAttributes([kv('__proto__', { case: 'kvlistValue', value: { values: [kv('inherited', { case: 'boolValue', value: true })] } as never }), kv('own', { case: 'intValue', value: 1n })]);
    const [old] = (oldPath(bytes) as { spans: FlatSpan[] }).spans;
    const [flat] = (flatPath(bytes) as { spans: FlatSpan[] }).spans;
    expect(Object.keys(flat!.attributes)).toEqual(Object.keys(old!.attributes));
    expect({ ...Object.getPrototypeOf(flat!.attributes) }).toEqual({ ...Object.getPrototypeOf(old!.attributes) });
    expect(flat!.attributes['inherited']).toBe(true);
  });

  it('names the service unknown_service without a resource, a service.name, or with an empty one; scope empty without one', () => {
    for (const resource of [undefined, { attributes: [] }, { attributes: [kv('service.name', { case: 'stringValue', value: '' })] }, { attributes: [kv('service.name', { case: 'intValue', value: 7n })] }]) {
      const spans = decodeBoth(encode({ resourceSpans: [{ resource, scopeSpans: [{ spans: [{ name: 'a' }, { name: 'b' }] }] }] }));
      expect(spans.map((span) => [span.serviceName, span.scopeName, span.scopeVersion])).toEqual([
        ['unknown_service', '', ''],
        ['unknown_service', '', ''],
      ]);
    }
  });

  it('keeps events, status, kinds, parents, and shares one resource object across the spans of a resource', () => {
    const spans = decodeBoth(
      encode({
        resourceSpans: [
          {
            resource: { attributes: [kv('service.name', { case: 'stringValue', value: 'one' })] },
            scopeSpans: [
              { scope: { name: 'a', version: '1' }, spans: [{ name: 'x', kind: 3, parentSpanId: id(8, 9), status: { code: 2, message: 'boom' }, events: [{ name: 'e', timeUnixNano: 5n, attributes: [kv('n', { case: 'intValue', value: 1n })] }, {}] }] },
              { scope: { name: 'b' }, spans: [{ name: 'y', kind: 99 as never, status: { code: 7 as never } }] },
            ],
          },
          { scopeSpans: [{ spans: [{ name: 'z', kind: -1 as never }] }] },
        ],
      }),
    );
    expect(spans.map((span) => [span.name, span.kind, span.serviceName, span.scopeName, span.statusCode, span.parentSpanId])).toEqual([
      ['x', 'client', 'one', 'a', 2, '0909090909090909'],
      ['y', 'unspecified', 'one', 'b', 0, null],
      ['z', 'unspecified', 'unknown_service', '', 0, null],
    ]);
    expect(spans[0]!.events).toEqual([
      { name: 'e', timeUnixNano: 5n, attributes: { n: 1 } },
      { name: '', timeUnixNano: 0n, attributes: {} },
    ]);
    expect(spans[0]!.resource).toBe(spans[1]!.resource);
    expect(spans[2]!.resource).not.toBe(spans[0]!.resource);
  });

  it('reads fields in any order: spans before their scope and resource, an attribute value before its key', () => {
    const bytes = wire((w) =>
      nested(w, 1, (rs) => {
        nested(rs, 2, (ss) => {
          nested(ss, 2, (span) => {
            nested(span, 9, (attr) => {
              nested(attr, 2, (v) => v.tag(1, WireType.LengthDelimited).string('late key'));
              attr.tag(1, WireType.LengthDelimited).string('k');
            });
            span.tag(5, WireType.LengthDelimited).string('span');
          });
          nested(ss, 1, (scope) => scope.tag(1, WireType.LengthDelimited).string('scope'));
        });
        nested(rs, 1, (resource) => nested(resource, 1, (attr) => attr.tag(1, WireType.LengthDelimited).string('service.name').tag(2, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string('svc').join()));
      }),
    );
    const [span] = decodeBoth(bytes);
    expect([span!.serviceName, span!.scopeName, span!.attributes]).toEqual(['svc', 'scope', { k: 'late key' }]);
  });

  it('merges a repeated resource, scope, status and attribute value as protobuf-es merges them', () => {
    const anyValue = (w: BinaryWriter, build: (v: BinaryWriter) => void) => nested(w, 2, build);
    const arrayOf = (v: BinaryWriter, text: string) => nested(v, 5, (array) => nested(array, 1, (item) => item.tag(1, WireType.LengthDelimited).string(text)));
    const kvlistOf = (v: BinaryWriter, key: string) => nested(v, 6, (list) => nested(list, 1, (pair) => pair.tag(1, WireType.LengthDelimited).string(key)));
    const bytes = wire((w) =>
      nested(w, 1, (rs) => {
        nested(rs, 1, (resource) => nested(resource, 1, (attr) => attr.tag(1, WireType.LengthDelimited).string('a')));
        nested(rs, 1, (resource) => nested(resource, 1, (attr) => attr.tag(1, WireType.LengthDelimited).string('b')));
        nested(rs, 2, (ss) => {
          nested(ss, 1, (scope) => scope.tag(1, WireType.LengthDelimited).string('name'));
          nested(ss, 1, (scope) => scope.tag(2, WireType.LengthDelimited).string('version'));
          nested(ss, 2, (span) => {
            nested(span, 15, (status) => status.tag(3, WireType.Varint).int32(2));
            nested(span, 15, (status) => status.tag(2, WireType.LengthDelimited).string('kept code'));
            nested(span, 9, (attr) => {
              attr.tag(1, WireType.LengthDelimited).string('arrays');
              anyValue(attr, (v) => arrayOf(v, 'one'));
              anyValue(attr, (v) => arrayOf(v, 'two'));
            });
            nested(span, 9, (attr) => {
              attr.tag(1, WireType.LengthDelimited).string('lists');
              anyValue(attr, (v) => {
                kvlistOf(v, 'x');
                kvlistOf(v, 'y');
              });
              anyValue(attr, (v) => kvlistOf(v, 'z'));
            });
            nested(span, 9, (attr) => {
              attr.tag(1, WireType.LengthDelimited).string('array then string then array');
              anyValue(attr, (v) => {
                arrayOf(v, 'lost');
                v.tag(1, WireType.LengthDelimited).string('s');
                arrayOf(v, 'fresh');
              });
            });
            nested(span, 9, (attr) => {
              attr.tag(1, WireType.LengthDelimited).string('empty second value keeps the first');
              anyValue(attr, (v) => v.tag(2, WireType.Varint).bool(true));
              anyValue(attr, () => {});
            });
          });
        });
      }),
    );
    const [span] = decodeBoth(bytes);
    expect(span!.resource).toEqual({ a: null, b: null });
    expect([span!.scopeName, span!.scopeVersion, span!.statusCode, span!.statusMessage]).toEqual(['name', 'version', 2, 'kept code']);
    expect(span!.attributes).toEqual({
      arrays: ['one', 'two'],
      lists: { x: null, y: null, z: null },
      'array then string then array': ['fresh'],
      'empty second value keeps the first': true,
    });
  });

  it('skips unknown fields of every wire type, groups included, and rejects an unknown end-group', () => {
    const unknowns = (w: BinaryWriter) => {
      w.tag(100, WireType.Varint).uint64(2n ** 63n);
      w.tag(101, WireType.Bit64).fixed64(1n);
      w.tag(102, WireType.Bit32).fixed32(1);
      w.tag(103, WireType.LengthDelimited).bytes(new Uint8Array([1, 2, 3]));
      w.tag(104, WireType.StartGroup).tag(1, WireType.Varint).uint32(1).tag(104, WireType.EndGroup);
    };
    const [span] = decodeBoth(oneSpan((span) => {
      unknowns(span);
      span.tag(5, WireType.LengthDelimited).string('kept');
      nested(span, 9, (attr) => {
        unknowns(attr);
        attr.tag(1, WireType.LengthDelimited).string('k');
      });
    }));
    expect([span!.name, span!.attributes]).toEqual(['kept', { k: null }]);
    rejects(oneSpan((span) => span.tag(104, WireType.EndGroup)));
    decodeBoth(oneSpan((span) => span.tag(104, WireType.EndGroup)));
    rejects(oneSpan((span) => span.tag(104, WireType.StartGroup).tag(105, WireType.EndGroup)));
    decodeBoth(oneSpan((span) => span.tag(104, WireType.StartGroup).tag(105, WireType.EndGroup)));
  });

  it('reads a known field by its declared type whatever its wire type, as protobuf-es does', () => {
    decodeBoth(oneSpan((span) => span.tag(5, WireType.Varint).string('name as varint')));
    decodeBoth(oneSpan((span) => span.tag(7, WireType.LengthDelimited).fixed64(12n).tag(6, WireType.Bit64).int32(2)));
    decodeBoth(oneSpan((span) => span.tag(1, WireType.Bit32).bytes(id(16, 3)).tag(15, WireType.Varint).fork().tag(3, WireType.Varint).int32(1).join()));
    decodeBoth(oneSpan((span) => span.tag(13, WireType.Varint).fork().tag(3, WireType.LengthDelimited).string('link').join()));
  });

  it('rejects invalid UTF-8 in any string, kept or not, and accepts a valid U+FFFD', () => {
    const invalid = [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xff], [0x80]];
    const stringAt = (raw: Uint8Array) => [
      oneSpan((span) => span.tag(5, WireType.LengthDelimited).bytes(raw)),
      oneSpan((span) => span.tag(3, WireType.LengthDelimited).bytes(raw)),
      oneSpan((span) => nested(span, 13, (link) => link.tag(3, WireType.LengthDelimited).bytes(raw))),
      oneSpan((span) => nested(span, 9, (attr) => attr.tag(1, WireType.LengthDelimited).bytes(raw))),
      wire((w) => nested(w, 1, (rs) => rs.tag(3, WireType.LengthDelimited).bytes(raw))),
    ];
    for (const bad of invalid) {
      for (const bytes of stringAt(new Uint8Array([0x61, ...bad, 0x62]))) {
        rejects(bytes);
        decodeBoth(bytes);
      }
    }
    for (const bytes of stringAt(new Uint8Array([0x61, 0xef, 0xbf, 0xbd, 0x62]))) decodeBoth(bytes);
  });

  it('rejects truncated input, bad tags and over-long varints', () => {
    const valid = realisticRequest(3, ['svc'], Date.now());
    for (let cut = 1; cut < valid.length; cut += 1) decodeBoth(valid.subarray(0, cut));
    for (const bytes of [[0x00], [0x07], [0x0f], [0x80, 0x80, 0x80, 0x80, 0x80, 0x01], [0x80, 0x80, 0x80, 0x80, 0x10], [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]]) {
      rejects(new Uint8Array(bytes));
      decodeBoth(new Uint8Array(bytes));
    }
    decodeBoth(oneSpan((span) => span.tag(100, WireType.Varint).raw(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]))));
    decodeBoth(oneSpan((span) => nested(span, 9, (attr) => nested(attr, 2, (v) => v.tag(3, WireType.Varint).raw(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]))))));
  });

  it('lets a sub-message run past its declared length as protobuf-es does', () => {
    // The span says 2 bytes but its name field is longer: the reader ends past the span, inside the parent.
    const bytes = wire((w) => nested(w, 1, (rs) => rs.tag(2, WireType.LengthDelimited).raw(new Uint8Array([4, 0x12, 2, 0x2a, 3])).raw(new TextEncoder().encode('abc'))));
    decodeBoth(bytes);
  });

  it('stops at the same nesting depth: attribute values nested around the recursion limit, groups in unknown fields', () => {
    for (let levels = 40; levels <= 50; levels += 1) {
      let inner = value({ case: 'stringValue', value: 'deep' });
      for (let i = 0; i < levels; i += 1) inner = value({ case: 'arrayValue', value: { values: [inner] } as never });
      const bytes = withAttributes([{ key: 'deep', value: inner } as KeyValue]);
      expect(disagreement(bytes), `${levels} levels`).toBeNull();
    }
    for (let groups = 90; groups <= 100; groups += 1) {
      const bytes = oneSpan((span) => {
        for (let i = 0; i < groups; i += 1) span.tag(200, WireType.StartGroup);
        for (let i = 0; i < groups; i += 1) span.tag(200, WireType.EndGroup);
      });
      expect(disagreement(bytes), `${groups} groups`).toBeNull();
    }
  });
});
