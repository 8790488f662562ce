import { gzipSync } from 'node:zlib';
import { invalidUtf8 } from './hostile-values.js';
import { badGzip, flipBits, mutateJson, spliceBytes, truncate, withInvalidUtf8 } from './mutate.js';
import { requestToOtlpJson, requestToProtobuf, stringifyOtlpJson } from './otlp-encode.js';
import { hostileTraceRequest } from './otlp-model.js';
import type { Random } from './random.js';

export interface HttpInput {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface GrpcInput {
  /** the full method path; TraceService/Export unless fuzzing the service name */
  path: string;
  body: Uint8Array;
  metadata: Record<string, string>;
  /** send through a channel that gzips messages */
  gzip: boolean;
}

/** A protobuf body: a hostile request, or one truncated, bit-flipped, spliced, doubled, or random bytes. */
export function protobufBody(random: Random, nowMs: number): Uint8Array {
  const kind = random.weighted({ hostile: 5, truncated: 2, flipped: 2, spliced: 1, concatenated: 0.5, random: 1.5, empty: 0.2 });
  if (kind === 'random') return random.bytes(random.length(65_536));
  if (kind === 'empty') return new Uint8Array(0);
  const valid = requestToProtobuf(hostileTraceRequest(random, nowMs));
  switch (kind) {
    case 'hostile':
      return valid;
    case 'truncated':
      return truncate(random, valid);
    case 'flipped':
      return flipBits(random, valid);
    case 'spliced':
      return spliceBytes(random, valid);
    case 'concatenated':
      // Two messages back to back are one valid message to a protobuf reader (repeated fields merge).
      return Buffer.concat([valid, requestToProtobuf(hostileTraceRequest(random, nowMs))]);
  }
}

/** A JSON body: OTLP/JSON with hostile contents, structurally mutated, truncated, with invalid UTF-8, or not OTLP at all. */
export function jsonBody(random: Random, nowMs: number): Uint8Array {
  const kind = random.weighted({ hostile: 4, mutated: 3, truncated: 1, invalidUtf8: 1, deepArrays: 0.3, garbage: 1 });
  if (kind === 'garbage') {
    return Buffer.from(random.pick(['', 'null', '[]', '{}', '"x"', '1e999', '{"resourceSpans":null}', '{"resourceSpans":{}}', '{"resourceSpans":[1,2]}', '\ufeff{}', '{"a":1,"a":2}']));
  }
  if (kind === 'deepArrays') return Buffer.from(`{"resourceSpans":${'['.repeat(random.int(1000, 200_000))}`);
  const json = requestToOtlpJson(hostileTraceRequest(random, nowMs));
  if (kind === 'mutated') return Buffer.from(stringifyOtlpJson(mutateJson(random, json, random.int(1, 8))));
  const text = stringifyOtlpJson(json);
  if (kind === 'truncated') return truncate(random, Buffer.from(text));
  if (kind === 'invalidUtf8') return withInvalidUtf8(random, text, invalidUtf8(random));
  return Buffer.from(text);
}

let bomb: Uint8Array | undefined;
/** 20 MiB of zeros gzipped (about 20 KB): over ingest's 16 MiB limit once inflated. */
function gzipBomb(): Uint8Array {
  bomb ??= gzipSync(Buffer.alloc(20 * 1024 * 1024));
  return bomb;
}

const PROTOBUF_TYPES = ['application/x-protobuf', 'application/protobuf', 'Application/X-Protobuf; charset=binary'];
const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON'];
const WRONG_TYPES = ['', 'text/plain', 'application/grpc', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json-seq', ';;;', 'application/x-protobuf\u0000'];

/** One OTLP/HTTP request: right or wrong content type, gzip or not (or broken), sometimes another method or path. */
export function ingestHttpInput(random: Random, nowMs: number, encoding: 'protobuf' | 'json'): HttpInput {
  let body = encoding === 'protobuf' ? protobufBody(random, nowMs) : jsonBody(random, nowMs);
  const headers: Record<string, string> = {};
  const typeRoll = random.float();
  const type = typeRoll < 0.85 ? random.pick(encoding === 'protobuf' ? PROTOBUF_TYPES : JSON_TYPES) : typeRoll < 0.95 ? random.pick(encoding === 'protobuf' ? JSON_TYPES : PROTOBUF_TYPES) : random.pick(WRONG_TYPES);
  if (type !== '' && !type.includes('\u0000')) headers['content-type'] = type;
  const gzipRoll = random.float();
  if (gzipRoll < 0.3) {
    headers['content-encoding'] = random.pick(['gzip', 'GZIP', ' gzip ']);
    body = gzipSync(body);
  } else if (gzipRoll < 0.38) {
    headers['content-encoding'] = 'gzip';
    body = badGzip(random, body);
  } else if (gzipRoll < 0.39) {
    headers['content-encoding'] = 'gzip';
    body = gzipBomb();
  } else if (gzipRoll < 0.41) {
    headers['content-encoding'] = random.pick(['br', 'deflate', 'zstd', 'gzip, gzip', 'identity', 'x-unknown']);
  }
  if (random.chance(0.05)) headers[random.pick(['authorization', 'x-api-key'])] = random.pick(['Bearer ', 'Bearer lum_xxx', "' OR 1=1 --", 'x'.repeat(4000)]);
  const method = random.chance(0.02) ? random.pick(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) : 'POST';
  const path = random.chance(0.02) ? random.pick(['/v1/traces/', '/v1/logs', '/v1/metrics', '/V1/TRACES', '/v1/traces?x=%ff', '//v1/traces', '/v1/traces/../traces']) : '/v1/traces';
  return method === 'GET' || method === 'OPTIONS' ? { method, path, headers } : { method, path, headers, body };
}

/** One TraceService/Export call with raw bytes. */
export function ingestGrpcInput(random: Random, nowMs: number): GrpcInput {
  const metadata: Record<string, string> = {};
  if (random.chance(0.05)) metadata[random.pick(['authorization', 'x-api-key', 'lumina-project-id'])] = random.pick(['Bearer ', 'Bearer lum_xxx', "' OR 1=1 --", 'x'.repeat(4000)]);
  const path = random.chance(0.02)
    ? random.pick(['/opentelemetry.proto.collector.trace.v1.TraceService/Nope', '/opentelemetry.proto.collector.logs.v1.LogsService/Export', '/x/y', '/opentelemetry.proto.collector.trace.v1.TraceService/Export/extra'])
    : '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
  return { path, body: protobufBody(random, nowMs), metadata, gzip: random.chance(0.3) };
}
