/** What the LangChain instrumentation tests read back from the query API. */
import { expect } from 'vitest';
import { waitFor } from './wait.js';

export interface ApiSpan {
  span_id: string;
  parent_span_id: string | null;
  name: string;
  provider: string | null;
  model: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cost_usd: number | null;
  prompt: string | null;
  response: string | null;
  system_prompt: string | null;
  field_sources: Record<string, string> | null;
  price_source: string | null;
  price_version: string | null;
  attributes: Record<string, unknown>;
}

export interface ApiTrace {
  llm_call_count: number;
  total_cost_usd: number;
  prompt_tokens: number;
  completion_tokens: number;
  providers: string[];
  spans: ApiSpan[];
}

export interface ConventionScope {
  scope_name: string;
  scope_version: string;
  span_count: number;
  field_sources: { field: string; source: string; span_count: number }[];
  unmapped_keys: { key: string; span_count: number; flagged: boolean; example_trace_id: string; example_span_id: string }[];
}

/** The stored trace once it has `spanCount` spans. */
export async function storedTrace(queryUrl: string, traceId: string, spanCount: number): Promise<ApiTrace> {
  return (await waitFor(
    async () => {
      const response = await fetch(`${queryUrl}/api/traces/${traceId}`);
      return response.status === 200 ? ((await response.json()) as ApiTrace) : null;
    },
    (found) => found !== null && found.spans.length === spanCount,
    20_000,
    `trace ${traceId} with ${spanCount} spans`,
  )) as ApiTrace;
}

/** The mapping report's entry for one scope. */
export async function conventionScope(queryUrl: string, scopeName: string): Promise<ConventionScope> {
  const response = await fetch(`${queryUrl}/api/conventions?scope=${encodeURIComponent(scopeName)}`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data: ConventionScope[] };
  expect(body.data).toHaveLength(1);
  return body.data[0]!;
}

/** gpt-4o-mini at its published price, $0.15 / $0.60 per million input / output tokens. */
export const gpt4oMiniCostUsd = (promptTokens: number, completionTokens: number) => (promptTokens * 0.15 + completionTokens * 0.6) / 1e6;
