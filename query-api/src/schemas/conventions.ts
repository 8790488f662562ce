import { z } from '@hono/zod-openapi';
import { PaginationSchema } from './span.js';

const FieldSourceSchema = z
  .object({
    field: z.string().openapi({ example: 'provider' }),
    source: z.string().openapi({ example: 'price_catalog', description: 'the attribute key, message list, `resource:<key>` or `price_catalog` that gave the field' }),
    span_count: z.number().int(),
  })
  .openapi('ConventionFieldSource');

const UnmappedKeySchema = z
  .object({
    key: z.string().openapi({ example: 'llm.token_count.total', description: 'indexes folded: `foo.[i].bar`' }),
    span_count: z.number().int(),
    flagged: z.boolean().openapi({ description: 'a gen_ai.* key that the semantic conventions do not define' }),
    example_trace_id: z.string(),
    example_span_id: z.string(),
    last_seen: z.string(),
  })
  .openapi('ConventionUnmappedKey');

export const ConventionScopeSchema = z
  .object({
    scope_name: z.string().openapi({ example: '@arizeai/openinference-instrumentation-langchain' }),
    scope_version: z.string().openapi({ example: '4.1.1' }),
    span_count: z.number().int().openapi({ description: 'LLM spans seen from this scope and version' }),
    field_sources: z.array(FieldSourceSchema).openapi({ description: 'which source gave each normalized field, with how many spans; most used first' }),
    unmapped_keys: z.array(UnmappedKeySchema).openapi({ description: 'attribute keys seen that no mapping read; most seen first' }),
  })
  .openapi('ConventionScope');

export const ConventionListSchema = z.object({ data: z.array(ConventionScopeSchema), pagination: PaginationSchema }).openapi('ConventionList');

export type ApiConventionScope = z.infer<typeof ConventionScopeSchema>;
