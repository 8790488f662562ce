import { create } from '@bufbuild/protobuf';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { decodeTraceRequest, encodeTraceRequest, ExportTraceServiceRequestSchema, SpanSchema } from '@lumina/proto';
import { describe, expect, it } from 'vitest';
import { realisticRequest } from '../../bench/ingest/realistic-spans.js';
import { acceptProtobuf, acceptProtobufDecoded, withoutTraces, type AcceptedExport } from './accept.js';
import { IngestError } from './errors.js';

const id = (length: number, fill: number) => new Uint8Array(length).fill(fill);

function requestOf(...spans: MessageInitShape<typeof SpanSchema>[]): Uint8Array {
  return encodeTraceRequest(create(ExportTraceServiceRequestSchema, { resourceSpans: [{ scopeSpans: [{ spans }] }] }));
}

/** What a client and the queue see of an accepted export. */
function outcome(accepted: AcceptedExport) {
  return {
    payload: Buffer.from(accepted.payload).toString('hex'),
    acceptedSpans: accepted.acceptedSpans,
    rejectedSpans: accepted.rejectedSpans,
    rejectionReason: accepted.rejectionReason,
    traceIds: [...accepted.traceIds].sort(),
    spansInRequest: accepted.request().resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)).length,
  };
}

function failure(accept: () => unknown) {
  try {
    accept();
  } catch (error) {
    expect(error).toBeInstanceOf(IngestError);
    return { code: (error as IngestError).code, message: (error as IngestError).message };
  }
  throw new Error('accepted a body that should have been refused');
}

describe('accepting an OTLP protobuf export without decoding it', () => {
  it('publishes a body of valid spans as it came and names its trace ids', () => {
    const body = realisticRequest(200, ['checkout'], Date.now());
    const accepted = acceptProtobuf(body);
    expect(accepted.payload).toBe(body);
    expect(accepted).toMatchObject({ acceptedSpans: 200, rejectedSpans: 0, rejectionReason: '' });
    const decoded = decodeTraceRequest(body).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
    expect([...accepted.traceIds].sort()).toEqual([...new Set(decoded.map((s) => Buffer.from(s.traceId).toString('hex')))].sort());
  });

  it('decodes the request only when asked, and once', () => {
    const accepted = acceptProtobuf(realisticRequest(8, ['checkout'], Date.now()));
    const request = accepted.request();
    expect(accepted.request()).toBe(request);
    expect(request.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans))).toHaveLength(8);
  });

  it('answers exactly as the full decode does: valid, bad ids, mixed', () => {
    const valid = { traceId: id(16, 1), spanId: id(8, 2), name: 'ok' };
    const bodies = [
      realisticRequest(40, ['a', 'b'], Date.now(), 0),
      requestOf(valid, { ...valid, traceId: id(16, 0) }, { ...valid, spanId: id(7, 3) }, { ...valid, traceId: id(16, 9) }),
      requestOf({ ...valid, parentSpanId: id(5, 1) }),
      new Uint8Array(0),
    ];
    for (const body of bodies) expect(outcome(acceptProtobuf(body))).toEqual(outcome(acceptProtobufDecoded(body)));
    expect(outcome(acceptProtobuf(bodies[1]!))).toMatchObject({ acceptedSpans: 2, rejectedSpans: 2, traceIds: ['01'.repeat(16), '09'.repeat(16)] });
  });

  it('refuses a body that is not protobuf with the decoder own words', () => {
    const body = realisticRequest(3, ['checkout'], Date.now());
    for (const broken of [body.subarray(0, body.length - 7), new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), new Uint8Array([0x07])]) {
      const scanned = failure(() => acceptProtobuf(broken));
      expect(scanned.code).toBe('invalid_protobuf');
      expect(scanned).toEqual(failure(() => acceptProtobufDecoded(broken)));
    }
  });

  it('drops the traces refused by the daily limit from a scanned export', () => {
    const valid = { spanId: id(8, 2), name: 'ok' };
    const accepted = acceptProtobuf(requestOf({ ...valid, traceId: id(16, 1) }, { ...valid, traceId: id(16, 5) }, { ...valid, traceId: id(16, 5), spanId: id(8, 3) }));
    const admitted = withoutTraces(accepted, new Set(['05'.repeat(16)]), 'over the limit');
    expect(admitted).toMatchObject({ acceptedSpans: 1, rejectedSpans: 2 });
    expect([...admitted.traceIds]).toEqual(['01'.repeat(16)]);
    expect(admitted.rejectionReason).toContain('2 span(s) of 1 new trace(s): over the limit');
    expect(decodeTraceRequest(admitted.payload).resourceSpans[0]!.scopeSpans[0]!.spans.map((s) => s.traceId)).toEqual([id(16, 1)]);
  });
});
