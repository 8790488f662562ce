import { create } from '@bufbuild/protobuf';
import { encodeTraceRequest, ExportTraceServiceRequestSchema } from '@lumina/proto';
import type { ExportTraceServiceRequest, ResourceSpans } from '@lumina/proto';

interface SpanRef {
  resource: number;
  scope: number;
  span: number;
}

function spanRefs(request: ExportTraceServiceRequest): SpanRef[] {
  const refs: SpanRef[] = [];
  request.resourceSpans.forEach((rs, resource) =>
    rs.scopeSpans.forEach((ss, scope) => ss.spans.forEach((_, span) => refs.push({ resource, scope, span }))),
  );
  return refs;
}

/** A request holding only the given spans, each under its own resource and scope. */
function subRequest(request: ExportTraceServiceRequest, refs: SpanRef[]): ExportTraceServiceRequest {
  const resourceSpans: ResourceSpans[] = [];
  const byResource = new Map<number, Map<number, number[]>>();
  for (const ref of refs) {
    const scopes = byResource.get(ref.resource) ?? new Map<number, number[]>();
    byResource.set(ref.resource, scopes);
    scopes.set(ref.scope, [...(scopes.get(ref.scope) ?? []), ref.span]);
  }
  for (const [r, scopes] of byResource) {
    const source = request.resourceSpans[r]!;
    resourceSpans.push({
      ...source,
      scopeSpans: [...scopes].map(([s, spans]) => {
        const scopeSpans = source.scopeSpans[s]!;
        return { ...scopeSpans, spans: spans.map((i) => scopeSpans.spans[i]!) };
      }),
    });
  }
  return create(ExportTraceServiceRequestSchema, { resourceSpans });
}

/**
 * Splits a request into encoded chunks of at most `maxBytes` each, halving until every chunk
 * fits (deterministic, so a retried request yields the same chunks and JetStream dedupes them).
 * Spans that are too large on their own are returned apart.
 */
export function splitTraceRequest(request: ExportTraceServiceRequest, maxBytes: number): { chunks: Uint8Array[]; oversizedSpans: number } {
  const chunks: Uint8Array[] = [];
  let oversizedSpans = 0;
  const place = (refs: SpanRef[]) => {
    const bytes = encodeTraceRequest(subRequest(request, refs));
    if (bytes.length <= maxBytes) return void chunks.push(bytes);
    if (refs.length === 1) return void (oversizedSpans += 1);
    const half = Math.ceil(refs.length / 2);
    place(refs.slice(0, half));
    place(refs.slice(half));
  };
  const refs = spanRefs(request);
  if (refs.length > 0) place(refs);
  return { chunks, oversizedSpans };
}
