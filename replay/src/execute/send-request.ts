/** One attempt of a provider-neutral request through the provider's official SDK. */
import type { LlmRequest, ProviderReply } from '@lumina/core';
import { readAnthropicResponse, readOpenAiChatResponse, toAnthropicMessagesRequest, toOpenAiChatRequest } from '@lumina/core';
import type { ProviderClients } from './provider-clients.js';

/** A request mapped to its provider: what `attempt()` sends, and what the mapping left out. */
export interface PreparedCall {
  /** request fields the provider has no place for (e.g. temperature for Anthropic API 2026-10-21) */
  dropped: string[];
  attempt(signal: AbortSignal): Promise<ProviderReply>;
}

/**
 * Maps the request with core's mapping for its provider and returns the attempt that sends
 * it; null when that provider cannot be called (unsupported, or no key).
 */
export function prepareCall(clients: ProviderClients, request: LlmRequest, timeoutMs: number): PreparedCall | null {
  const { openai, anthropic } = clients;
  if (request.provider === 'openai' && openai) {
    const { body, dropped } = toOpenAiChatRequest(request);
    return { dropped, attempt: async (signal) => readOpenAiChatResponse(await openai.chat.completions.create(body, { signal, timeout: timeoutMs, maxRetries: 0 })) };
  }
  if (request.provider === 'anthropic' && anthropic) {
    const { body, dropped } = toAnthropicMessagesRequest(request);
    return { dropped, attempt: async (signal) => readAnthropicResponse(await anthropic.messages.create(body, { signal, timeout: timeoutMs, maxRetries: 0 })) };
  }
  return null;
}
