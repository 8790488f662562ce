/**
 * Where each generation parameter of the original request is found on a stored
 * span: for every parameter, its sources in precedence order (the first usable
 * value wins), as in normalize/field-sources.ts. The table is the whole
 * precedence logic; `readRequestParameters` walks it. Absent sources are normal.
 *
 * Families: semconv `gen_ai.request.*` (and `gen_ai.tool.definitions`,
 * `gen_ai.output.type`), OpenInference `llm.invocation_parameters` (the JSON of
 * the call's keyword arguments) and `llm.tools.[i].tool.json_schema`, OpenLLMetry
 * `llm.*` and `llm.request.functions.[i]`, Vercel AI SDK `ai.settings.*`,
 * `ai.prompt.tools`, `ai.prompt.toolChoice` and `ai.schema`.
 */
import type { AttributeValue, Attributes } from '../span.js';
import { indexedItems } from '../normalize/indexed-messages.js';
import { isRecord, parseJsonLoose } from '../normalize/values.js';
import { asFiniteNumber, asInteger, asPositiveCount, asResponseFormat, asStopSequences } from './parameter-values.js';
import type { RequestParameters } from './request.js';
import { toolChoiceOf, toolDefinitionsOf } from './tool-definitions.js';

/** One place a parameter is recorded. */
type ParameterSource =
  /** a plain attribute */
  | { read: 'attribute'; key: string }
  /** a key of the JSON object in `llm.invocation_parameters` */
  | { read: 'invocation'; key: string }
  /** an indexed list (`prefix<i>.<field>`), each item turned into one tool definition value */
  | { read: 'indexed tools'; prefix: string; item: (fields: Attributes) => AttributeValue };

const attr = (key: string): ParameterSource => ({ read: 'attribute', key });
const inv = (key: string): ParameterSource => ({ read: 'invocation', key });

/** OpenLLMetry: `llm.request.functions.<i>.{name, description, parameters}`. */
const openLlmetryFunctions: ParameterSource = {
  read: 'indexed tools',
  prefix: 'llm.request.functions.',
  item: (fields) => ({ name: fields.name ?? null, description: fields.description ?? null, parameters: fields.parameters ?? null }),
};
/** OpenInference: `llm.tools.<i>.tool.json_schema`, the whole definition as JSON. */
const openInferenceTools: ParameterSource = {
  read: 'indexed tools',
  prefix: 'llm.tools.',
  item: (fields) => fields['tool.json_schema'] ?? null,
};

type Coerce<T> = (value: AttributeValue | undefined) => T | null;
interface ParameterSpec<T> {
  coerce: Coerce<T>;
  sources: readonly ParameterSource[];
}
const spec = <T>(coerce: Coerce<T>, sources: ParameterSource[]): ParameterSpec<T> => ({ coerce, sources });

/** The parameter table. */
export const REQUEST_PARAMETER_SOURCES: { [K in keyof Required<RequestParameters>]: ParameterSpec<NonNullable<RequestParameters[K]>> } = {
  temperature: spec(asFiniteNumber, [attr('gen_ai.request.temperature'), inv('temperature'), attr('llm.temperature'), attr('ai.settings.temperature')]),
  maxTokens: spec(asPositiveCount, [
    attr('gen_ai.request.max_tokens'),
    inv('max_completion_tokens'),
    inv('max_tokens'),
    inv('max_output_tokens'),
    attr('llm.request.max_tokens'),
    attr('ai.settings.maxOutputTokens'),
    attr('ai.settings.maxTokens'),
  ]),
  topP: spec(asFiniteNumber, [attr('gen_ai.request.top_p'), inv('top_p'), attr('llm.top_p'), attr('ai.settings.topP')]),
  topK: spec(asPositiveCount, [attr('gen_ai.request.top_k'), inv('top_k'), attr('llm.top_k'), attr('ai.settings.topK')]),
  stop: spec(asStopSequences, [
    attr('gen_ai.request.stop_sequences'),
    inv('stop'),
    inv('stop_sequences'),
    attr('llm.chat.stop_sequences'),
    attr('llm.stop_sequences'),
    attr('ai.settings.stopSequences'),
  ]),
  frequencyPenalty: spec(asFiniteNumber, [
    attr('gen_ai.request.frequency_penalty'),
    inv('frequency_penalty'),
    attr('llm.frequency_penalty'),
    attr('ai.settings.frequencyPenalty'),
  ]),
  presencePenalty: spec(asFiniteNumber, [
    attr('gen_ai.request.presence_penalty'),
    inv('presence_penalty'),
    attr('llm.presence_penalty'),
    attr('ai.settings.presencePenalty'),
  ]),
  seed: spec(asInteger, [attr('gen_ai.request.seed'), inv('seed'), attr('ai.settings.seed')]),
  tools: spec(toolDefinitionsOf, [
    attr('gen_ai.tool.definitions'),
    inv('tools'),
    openInferenceTools,
    openLlmetryFunctions,
    attr('ai.prompt.tools'),
  ]),
  toolChoice: spec(toolChoiceOf, [inv('tool_choice'), attr('ai.prompt.toolChoice')]),
  responseFormat: spec(asResponseFormat, [
    inv('response_format'),
    attr('gen_ai.request.structured_output_schema'),
    attr('ai.schema'),
    attr('gen_ai.output.type'),
    attr('gen_ai.openai.request.response_format'),
  ]),
};

function rawValue(attributes: Attributes, invocation: AttributeValue | undefined, source: ParameterSource): AttributeValue | undefined {
  switch (source.read) {
    case 'attribute':
      return attributes[source.key];
    case 'invocation':
      return isRecord(invocation) ? invocation[source.key] : undefined;
    case 'indexed tools': {
      const items = indexedItems(attributes, source.prefix);
      return items.length === 0 ? undefined : items.map(source.item);
    }
  }
}

function readParameter<T>(attributes: Attributes, invocation: AttributeValue | undefined, parameter: ParameterSpec<T>): T | null {
  for (const source of parameter.sources) {
    const raw = rawValue(attributes, invocation, source);
    const value = raw === undefined || raw === null ? null : parameter.coerce(raw);
    if (value !== null) return value;
  }
  return null;
}

/** The generation parameters recorded on a span's attributes; a parameter found nowhere is left out. */
export function readRequestParameters(attributes: Attributes): RequestParameters {
  const invocation = parseJsonLoose(attributes['llm.invocation_parameters']);
  const parameters: RequestParameters = {};
  for (const name of Object.keys(REQUEST_PARAMETER_SOURCES) as (keyof RequestParameters)[]) {
    const value = readParameter(attributes, invocation, REQUEST_PARAMETER_SOURCES[name] as ParameterSpec<unknown>);
    if (value !== null) (parameters as Record<string, unknown>)[name] = value;
  }
  return parameters;
}
