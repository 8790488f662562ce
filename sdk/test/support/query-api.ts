/** Reading traces back from the query API (`GET /api/traces/{id}`, API.md), waiting for them to land. */

/** The Span fields of API.md the SDK tests check. */
export interface ApiSpan {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  kind: string;
  service_name: string;
  latency_ms: number;
  status: string;
  status_message: string | null;
  provider: string | null;
  model: string | null;
  operation: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cached_prompt_tokens: number | null;
  cost_usd: number | null;
  prompt: string | null;
  response: string | null;
  system_prompt: string | null;
  user_id: string | null;
  session_id: string | null;
  tags: string[];
  attributes: Record<string, unknown>;
}

/** A trace with its spans. */
export interface ApiTrace {
  trace_id: string;
  root_span_name: string;
  llm_call_count: number;
  status: string;
  spans: ApiSpan[];
}

/** Polls `GET /api/traces/{id}` until it has `spanCount` spans (fails after 30 s). */
export async function fetchTrace(queryUrl: string, traceId: string, spanCount: number): Promise<ApiTrace> {
  const deadline = Date.now() + 30_000;
  let last: unknown;
  while (Date.now() < deadline) {
    const response = await fetch(`${queryUrl}/api/traces/${traceId}`);
    last = response.status === 200 ? await response.json() : response.status;
    if ((last as ApiTrace)?.spans?.length === spanCount) return last as ApiTrace;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`trace ${traceId} did not reach ${spanCount} spans; last answer: ${JSON.stringify(last)}`);
}
