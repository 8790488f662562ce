/** The changes a replay run makes to each original request (API.md `POST /replay/run`). */
import { canonicalProvider } from '../normalize/provider.js';
import { ReplayError } from './errors.js';
import type { ChatMessage, LlmRequest } from './request.js';

/** What a run may change; absent fields keep the original's value. */
export interface ReplayOverrides {
  model?: string;
  /** any spelling normalization knows (`OpenAI`, `anthropic`, `azure.ai.openai`, …) */
  provider?: string;
  /** replaces the system prompt; '' removes it */
  systemPrompt?: string;
  /** the new user input, with `{{input}}` standing for the original's (spaces inside the braces allowed) */
  promptTemplate?: string;
  temperature?: number;
  maxTokens?: number;
}

const INPUT_PLACEHOLDER = /\{\{\s*input\s*\}\}/;

/** The template with every `{{input}}` replaced by `input`, verbatim (`$` patterns in the input are not expanded). */
export function fillPromptTemplate(template: string, input: string): string {
  if (!INPUT_PLACEHOLDER.test(template)) {
    throw new ReplayError('invalid_override', 'prompt_template must contain {{input}}, where the original input goes');
  }
  // A fresh global pattern per call: no regex state shared between calls.
  return template.replace(new RegExp(INPUT_PLACEHOLDER.source, 'g'), () => input);
}

/** The messages with the last user turn (the input being answered) passed through the template. */
function withTemplate(messages: readonly ChatMessage[], template: string): ChatMessage[] {
  let last = -1;
  messages.forEach((message, index) => {
    if (message.role === 'user') last = index;
  });
  if (last < 0) throw new ReplayError('invalid_override', 'the request has no user turn for prompt_template to wrap');
  return messages.map((message, index) =>
    index === last ? { role: 'user', content: fillPromptTemplate(template, message.content) } : message,
  );
}

/**
 * The request with a run's overrides applied; the input request is not changed.
 * Throws `ReplayError('invalid_override')` for a template without `{{input}}`
 * or a request without a user turn to put in it.
 */
export function applyOverrides(request: LlmRequest, overrides: ReplayOverrides): LlmRequest {
  const next: LlmRequest = { ...request, messages: [...request.messages] };
  if (overrides.provider !== undefined) next.provider = canonicalProvider(overrides.provider) ?? overrides.provider;
  if (overrides.model !== undefined) next.model = overrides.model;
  if (overrides.systemPrompt !== undefined) next.system = overrides.systemPrompt === '' ? null : overrides.systemPrompt;
  if (overrides.promptTemplate !== undefined) next.messages = withTemplate(request.messages, overrides.promptTemplate);
  if (overrides.temperature !== undefined) next.temperature = overrides.temperature;
  if (overrides.maxTokens !== undefined) next.maxTokens = overrides.maxTokens;
  return next;
}
