/** Reads whichever known result shape an LLM call returned. */
import type { LlmCallResult } from './call-result.js';
import { isAnthropicMessage, readAnthropicMessage } from './read-anthropic.js';
import { isOpenAiChatCompletion, readOpenAiChatCompletion } from './read-openai-chat.js';
import { isOpenAiResponse, readOpenAiResponse } from './read-openai-responses.js';

interface ResultReader {
  matches(value: unknown): boolean;
  read(value: never): LlmCallResult;
}

/** Known result shapes, tried in order. */
const RESULT_READERS: readonly ResultReader[] = [
  { matches: isAnthropicMessage, read: readAnthropicMessage },
  { matches: isOpenAiChatCompletion, read: readOpenAiChatCompletion },
  { matches: isOpenAiResponse, read: readOpenAiResponse },
];

/**
 * The call result of an Anthropic `Message`, an OpenAI `ChatCompletion` or `Response`;
 * a plain string is taken as the response text; anything else yields nothing.
 */
export function readLlmResult(value: unknown): LlmCallResult {
  if (typeof value === 'string') return { outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: value }] }] };
  for (const reader of RESULT_READERS) {
    if (reader.matches(value)) return reader.read(value as never);
  }
  return {};
}
