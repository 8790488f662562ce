import type * as grpc from '@grpc/grpc-js';
import { queryApiInput, replayApiInput } from './api-inputs.js';
import { ingestGrpcInput, ingestHttpInput, type GrpcInput, type HttpInput } from './ingest-inputs.js';
import type { Random } from './random.js';
import { sendGrpc, sendHttp, type Outcome } from './send.js';

export interface TargetUrls {
  ingestHttpUrl: string;
  queryUrl: string;
  replayUrl: string;
  grpc: { plain: grpc.Client; gzip: grpc.Client };
}

export interface Target {
  name: string;
  /** share of the inputs this target gets */
  weight: number;
  generate(random: Random, nowMs: number): HttpInput | GrpcInput;
  send(input: HttpInput | GrpcInput, urls: TargetUrls, timeoutMs: number): Promise<Outcome>;
}

const http = (base: (urls: TargetUrls) => string) => (input: HttpInput | GrpcInput, urls: TargetUrls, timeoutMs: number) => sendHttp(base(urls), input as HttpInput, timeoutMs);

/**
 * Every surface the fuzzer attacks. The alerts API (API.md "Alerts": /api/alert-rules,
 * /api/alerts) joins here as one more entry, with its generator beside queryApiInput, when it exists.
 */
export const TARGETS: Target[] = [
  { name: 'ingest OTLP/HTTP protobuf', weight: 28, generate: (random, now) => ingestHttpInput(random, now, 'protobuf'), send: http((urls) => urls.ingestHttpUrl) },
  { name: 'ingest OTLP/HTTP JSON', weight: 18, generate: (random, now) => ingestHttpInput(random, now, 'json'), send: http((urls) => urls.ingestHttpUrl) },
  { name: 'ingest OTLP/gRPC', weight: 18, generate: ingestGrpcInput, send: (input, urls, timeoutMs) => sendGrpc(urls.grpc, input as GrpcInput, timeoutMs) },
  { name: 'query API', weight: 24, generate: (random) => queryApiInput(random), send: http((urls) => urls.queryUrl) },
  { name: 'replay API', weight: 12, generate: (random) => replayApiInput(random), send: http((urls) => urls.replayUrl) },
];

/** The target of input number `index`, drawn from its own generator (so any input can be replayed alone). */
export function chooseTarget(random: Random): Target {
  const name = random.weighted(Object.fromEntries(TARGETS.map((target) => [target.name, target.weight])));
  return TARGETS.find((target) => target.name === name)!;
}

/** A short description of an input, to reproduce or read a failure. */
export function describeInput(input: HttpInput | GrpcInput): string {
  const body = input.body ? `${input.body.length} bytes: ${Buffer.from(input.body.subarray(0, 48)).toString('hex')}${input.body.length > 48 ? '…' : ''}` : 'no body';
  if ('method' in input) return `${input.method} ${input.path.slice(0, 200)} ${JSON.stringify(input.headers).slice(0, 200)} ${body}`;
  return `gRPC ${input.path}${input.gzip ? ' (gzip)' : ''} ${JSON.stringify(input.metadata).slice(0, 200)} ${body}`;
}
