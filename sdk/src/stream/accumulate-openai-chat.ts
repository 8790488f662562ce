/** OpenAI chat completion chunks folded into a `ChatCompletion`, then read. */
import type { LlmCallResult } from '../llm/call-result.js';
import { readOpenAiChatCompletion, type OpenAiChatCompletionLike, type OpenAiCompletionUsage } from '../llm/read-openai-chat.js';
import type { ChunkAccumulator } from './chunk-accumulator.js';

/** True for an OpenAI `ChatCompletionChunk`. */
export function isOpenAiChatChunk(chunk: unknown): boolean {
  return (chunk as { object?: string })?.object === 'chat.completion.chunk';
}

interface ToolCallDelta {
  index: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}
interface Chunk {
  id?: string;
  model?: string;
  choices?: { index: number; finish_reason?: string | null; delta?: { role?: string; content?: string | null; refusal?: string | null; tool_calls?: ToolCallDelta[] } }[];
  /** only on the last chunk, with `stream_options: {include_usage: true}` */
  usage?: OpenAiCompletionUsage | null;
}
interface ChoiceSnapshot {
  role: string;
  content: string;
  refusal: string;
  finishReason: string | null;
  toolCalls: { id?: string; function: { name: string; arguments: string } }[];
}

/** Concatenates each choice's deltas, keeps the last finish reason and the usage chunk. */
export class OpenAiChatChunkAccumulator implements ChunkAccumulator {
  private id: string | undefined;
  private model: string | undefined;
  private usage: OpenAiCompletionUsage | null = null;
  private readonly choices: ChoiceSnapshot[] = [];

  add(chunk: unknown): boolean {
    const c = chunk as Chunk;
    this.id ??= c.id;
    this.model = c.model || this.model;
    if (c.usage) this.usage = c.usage;
    let carriedOutput = false;
    for (const choice of c.choices ?? []) {
      const snapshot = (this.choices[choice.index] ??= { role: 'assistant', content: '', refusal: '', finishReason: null, toolCalls: [] });
      const delta = choice.delta ?? {};
      if (delta.role) snapshot.role = delta.role;
      if (delta.content) snapshot.content += delta.content;
      if (delta.refusal) snapshot.refusal += delta.refusal;
      for (const call of delta.tool_calls ?? []) {
        const target = (snapshot.toolCalls[call.index] ??= { function: { name: '', arguments: '' } });
        if (call.id) target.id = call.id;
        if (call.function?.name) target.function.name += call.function.name;
        if (call.function?.arguments) target.function.arguments += call.function.arguments;
      }
      if (choice.finish_reason) snapshot.finishReason = choice.finish_reason;
      carriedOutput ||= Boolean(delta.content || delta.refusal || delta.tool_calls?.length);
    }
    return carriedOutput;
  }

  result(): LlmCallResult {
    const completion: OpenAiChatCompletionLike = {
      object: 'chat.completion',
      id: this.id,
      model: this.model,
      usage: this.usage,
      choices: this.choices.map((choice, index) => ({
        index,
        finish_reason: choice.finishReason,
        message: {
          role: choice.role,
          content: choice.content || null,
          refusal: choice.refusal || null,
          tool_calls: choice.toolCalls.length > 0 ? choice.toolCalls : null,
        },
      })),
    };
    return readOpenAiChatCompletion(completion);
  }
}
