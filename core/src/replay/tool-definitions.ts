/**
 * Tool definitions and tool choices as instrumentations record them, read into
 * the neutral shapes of request.ts. Accepted tool shapes: OpenAI
 * `{type:"function", function:{name, description, parameters}}`, flat
 * `{name, description, parameters}` (semconv `gen_ai.tool.definitions`,
 * OpenLLMetry `llm.request.functions.[i]`), Anthropic `{name, input_schema}` and
 * Vercel `{name, inputSchema}`; any of them as a JSON string.
 */
import type { AttributeValue } from '../span.js';
import { type AttributeRecord, asText, isRecord, parseJsonLoose } from '../normalize/values.js';
import type { ToolChoice, ToolDefinition } from './request.js';

const EMPTY_OBJECT_SCHEMA = { type: 'object', properties: {} };

function schemaOf(value: AttributeValue | undefined): { [key: string]: unknown } {
  const parsed = parseJsonLoose(value);
  return isRecord(parsed) ? parsed : EMPTY_OBJECT_SCHEMA;
}

/** One tool definition in any of the accepted shapes; null when it names no function. */
export function toolDefinitionOf(value: AttributeValue | undefined): ToolDefinition | null {
  const parsed = parseJsonLoose(value);
  if (!isRecord(parsed)) return null;
  const tool: AttributeRecord = isRecord(parsed.function) ? parsed.function : parsed;
  const name = asText(tool.name);
  if (name === null) return null;
  const description = asText(tool.description);
  const parameters = schemaOf(tool.parameters ?? tool.input_schema ?? tool.inputSchema);
  return description === null ? { name, parameters } : { name, description, parameters };
}

/** A list of tool definitions (array or JSON array); null when there is none. */
export function toolDefinitionsOf(value: AttributeValue | undefined): ToolDefinition[] | null {
  const parsed = parseJsonLoose(value);
  if (!Array.isArray(parsed)) return null;
  const tools = parsed.map(toolDefinitionOf).filter((tool): tool is ToolDefinition => tool !== null);
  return tools.length === 0 ? null : tools;
}

const CHOICE_WORDS: ReadonlyMap<string, ToolChoice> = new Map([
  ['auto', 'auto'],
  ['none', 'none'],
  ['required', 'required'],
  ['any', 'required'], // Anthropic
]);

/**
 * A tool choice: a word (`auto`, `none`, `required`, Anthropic `any`) or an object
 * naming one tool (OpenAI `{type:"function", function:{name}}`, Anthropic
 * `{type:"tool", name}`, Vercel `{type:"tool", toolName}`), or `{type:"auto"}` alike.
 */
export function toolChoiceOf(value: AttributeValue | undefined): ToolChoice | null {
  const parsed = parseJsonLoose(value);
  const word = asText(parsed);
  if (word !== null) return CHOICE_WORDS.get(word.toLowerCase()) ?? null;
  if (!isRecord(parsed)) return null;
  const name = asText(isRecord(parsed.function) ? parsed.function.name : (parsed.name ?? parsed.toolName));
  if (name !== null) return { name };
  const type = asText(parsed.type);
  return type === null ? null : (CHOICE_WORDS.get(type.toLowerCase()) ?? null);
}
