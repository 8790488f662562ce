import type { DescField, DescMessage } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { realisticRequest } from '../../bench/ingest/realistic-spans.js';
import { everyFieldSpan, sdkSpans } from '../testing/fixtures.js';
import { seededRandom } from '@lumina/core';
import { disagreement, flatPath } from './flat-decode-differential.js';
import { ExportTraceServiceRequestSchema } from './gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';

/** Runs `count` generated inputs through both paths; returns the disagreements and how many decoded. */
function compareOn(count: number, generate: (i: number) => Uint8Array): { failures: string[]; accepted: number } {
  const failures: string[] = [];
  let accepted = 0;
  for (let i = 0; i < count; i += 1) {
    const bytes = generate(i);
    const problem = disagreement(bytes);
    if (problem !== null) failures.push(`${problem}: ${Buffer.from(bytes).toString('hex')}`);
    else if ('spans' in flatPath(bytes)) accepted += 1;
  }
  return { failures, accepted };
}

function mutate(body: Uint8Array, next: () => number): Uint8Array {
  const at = Math.floor(next() * body.length);
  const bytes = Array.from(body);
  switch (Math.floor(next() * 6)) {
    case 0:
      return body.subarray(0, at);
    case 1:
      bytes[at] = Math.floor(next() * 256);
      break;
    case 2:
      bytes[at]! ^= 1 << Math.floor(next() * 8);
      break;
    case 3:
      bytes.splice(at, 0, ...Array.from({ length: 1 + Math.floor(next() * 4) }, () => Math.floor(next() * 256)));
      break;
    case 4: {
      // A copy of another stretch of the body: whole fields repeated or misplaced.
      const from = Math.floor(next() * body.length);
      bytes.splice(at, 0, ...body.subarray(from, from + Math.floor(next() * 40)));
      break;
    }
    default:
      bytes.splice(at, 1 + Math.floor(next() * 3));
  }
  return new Uint8Array(bytes);
}

const STRINGS = ['service.name', 'k', '', 'gpt-4o', 'x'.repeat(45), 'é', 'a\0b', 'user-1', 'user-2'];

/**
 * A random message of type `desc` as protobuf-es would read it, with noise: mostly its own
 * fields with values of their type (so requests reach spans, attributes, merges of repeated
 * fields), sometimes a known field with another wire type, an unknown field, or a group.
 */
function randomMessage(w: BinaryWriter, desc: DescMessage, depth: number, next: () => number): void {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  for (let n = Math.floor(next() * 4); n > 0; n -= 1) {
    const field = pick(desc.fields);
    if (next() < 0.06) randomNoise(w, next() < 0.5 ? field.number : 20 + Math.floor(next() * 5), next);
    else if (messageOf(field) !== undefined) {
      if (depth > 12) continue;
      w.tag(field.number, WireType.LengthDelimited).fork();
      randomMessage(w, messageOf(field)!, depth + 1, next);
      w.join();
    } else randomScalar(w, field, next, pick);
  }
}

function messageOf(field: DescField): DescMessage | undefined {
  return field.fieldKind === 'message' || (field.fieldKind === 'list' && field.listKind === 'message') ? field.message : undefined;
}

function randomScalar(w: BinaryWriter, field: DescField, next: () => number, pick: <T>(items: readonly T[]) => T): void {
  const no = field.number;
  const scalar = field.fieldKind === 'scalar' ? field.scalar : undefined;
  switch (scalar) {
    case 9: // string
      return void w.tag(no, WireType.LengthDelimited).string(pick(STRINGS));
    case 12: // bytes
      return void w.tag(no, WireType.LengthDelimited).bytes(new Uint8Array(pick([0, 3, 8, 16])).map(() => Math.floor(next() * 256)));
    case 6: // fixed64
      return void w.tag(no, WireType.Bit64).fixed64(BigInt(Math.floor(next() * 2 ** 53)));
    case 7: // fixed32
      return void w.tag(no, WireType.Bit32).fixed32(Math.floor(next() * 2 ** 32));
    case 1: // double
      return void w.tag(no, WireType.Bit64).double(pick([0.5, Number.NaN, Number.POSITIVE_INFINITY, -0, 1e300]));
    case 8: // bool
      return void w.tag(no, WireType.Varint).bool(next() < 0.5);
    case 3: // int64
      return void w.tag(no, WireType.Varint).int64(pick([0n, -1n, 2n ** 53n, 1n - 2n ** 53n, 2n ** 63n - 1n, 42n]));
    default: // enums and uint32
      w.tag(no, WireType.Varint).int32(Math.floor(next() * 8) - 2);
  }
}

function randomNoise(w: BinaryWriter, fieldNo: number, next: () => number): void {
  const r = next();
  if (r < 0.3) w.tag(fieldNo, WireType.LengthDelimited).bytes(new Uint8Array(Math.floor(next() * 6)).map(() => Math.floor(next() * 256)));
  else if (r < 0.5) w.tag(fieldNo, WireType.Varint).uint64(BigInt(Math.floor(next() * 2 ** 53)) * 2047n);
  else if (r < 0.7) w.tag(fieldNo, WireType.Bit64).fixed64(BigInt(Math.floor(next() * 2 ** 53)));
  else if (r < 0.85) w.tag(fieldNo, WireType.Bit32).fixed32(Math.floor(next() * 2 ** 32));
  else if (r < 0.95) {
    w.tag(fieldNo, WireType.StartGroup);
    if (next() < 0.8) w.tag(fieldNo, WireType.EndGroup);
  } else w.tag(fieldNo, WireType.LengthDelimited).raw(new Uint8Array([Math.floor(next() * 256)]));
}

describe('decodeFlatSpans agrees with flatten(decodeTraceRequest()) on generated input', () => {
  it('throws or not, and decodes the same spans, on thousands of seeded mutations of valid bodies', async () => {
    const bodies = [
      realisticRequest(4, ['svc'], 1_700_000_000_000, 3),
      realisticRequest(3, ['svc'], 1_700_000_000_000, 0),
      ProtobufTraceSerializer.serializeRequest([everyFieldSpan()])!,
      ProtobufTraceSerializer.serializeRequest(await sdkSpans())!,
    ];
    const next = seededRandom(22);
    const total = 5000;
    const { failures, accepted } = compareOn(total, (i) => {
      // One to three mutations, so some damage lands after earlier damage.
      let bytes = mutate(bodies[i % bodies.length]!, next);
      for (let extra = Math.floor(next() * 3); extra > 0; extra -= 1) bytes = mutate(bytes, next);
      return bytes;
    });
    expect(failures.slice(0, 3)).toEqual([]);
    // Both outcomes are exercised: many mutations still decode, many are rejected.
    expect(accepted).toBeGreaterThan(total / 20);
    expect(accepted).toBeLessThan(total - total / 20);
  });

  it('throws or not, and decodes the same spans, on thousands of random requests built from the schema with noise', () => {
    const next = seededRandom(2026);
    let spans = 0;
    const total = 4000;
    const { failures, accepted } = compareOn(total, () => {
      const w = new BinaryWriter();
      randomMessage(w, ExportTraceServiceRequestSchema, 1, next);
      const bytes = w.finish();
      const decoded = flatPath(bytes);
      if ('spans' in decoded) spans += decoded.spans.length;
      return bytes;
    });
    expect(failures.slice(0, 3)).toEqual([]);
    expect(accepted).toBeGreaterThan(total / 2);
    expect(accepted).toBeLessThan(total);
    expect(spans).toBeGreaterThan(total / 10);
  });
});
