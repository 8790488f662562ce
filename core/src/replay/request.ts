/**
 * The provider-neutral request a replay sends: a conversation, a system prompt
 * and the generation parameters, mapped to each provider's body by
 * openai-request.ts and anthropic-request.ts.
 */

/** A call the model made to a tool; `arguments` is the JSON text of its input. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** One turn. System instructions are not turns: they are {@link LlmRequest.system}. */
export type ChatMessage =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; content: string; toolCallId: string };

/** A function the model may call, its input described by a JSON Schema object. */
export interface ToolDefinition {
  name: string;
  description?: string;
  parameters: { [key: string]: unknown };
}

/** Which tool the model must (or must not) call. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** The shape the answer was asked to take. */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: { [key: string]: unknown }; strict?: boolean };

/** A request to a chat model, independent of the provider's wire format. */
export interface LlmRequest {
  /** canonical provider name, as normalization stores it (`openai`, `anthropic`, …) */
  provider: string;
  model: string;
  system: string | null;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  frequencyPenalty?: number;
  presencePenalty?: number;
  seed?: number;
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
}

/** The generation parameters of a request (everything but the provider, model and conversation). */
export type RequestParameters = Omit<LlmRequest, 'provider' | 'model' | 'system' | 'messages'>;

/** A provider body, and the request fields the provider has no place for (left out, named here). */
export interface ProviderRequest<Body> {
  body: Body;
  /** e.g. `temperature` for Anthropic API 2026-10-21, `topK` for OpenAI; empty when nothing was left out */
  dropped: string[];
}
