/** Anthropic stream events (`RawMessageStreamEvent`) folded into a `Message`, then read. */
import type { LlmCallResult } from '../llm/call-result.js';
import { parseJsonOrKeep } from '../llm/message-parts.js';
import { readAnthropicMessage, type AnthropicMessageLike } from '../llm/read-anthropic.js';
import type { ChunkAccumulator } from './chunk-accumulator.js';

const EVENT_TYPES = new Set(['message_start', 'message_delta', 'message_stop', 'content_block_start', 'content_block_delta', 'content_block_stop']);

/** True for an Anthropic stream event. */
export function isAnthropicStreamEvent(chunk: unknown): boolean {
  return EVENT_TYPES.has((chunk as { type?: string })?.type ?? '');
}

type Usage = NonNullable<AnthropicMessageLike['usage']>;
interface Block {
  type: string;
  [field: string]: unknown;
}
interface StreamEvent {
  type: string;
  index?: number;
  message?: AnthropicMessageLike;
  content_block?: Block;
  delta?: { type?: string; text?: string; partial_json?: string; thinking?: string; stop_reason?: string | null };
  usage?: Usage;
}

/** Rebuilds the message the way the Anthropic SDK's own MessageStream does, minus citations. */
export class AnthropicEventAccumulator implements ChunkAccumulator {
  private message: AnthropicMessageLike = { type: 'message', content: [] };
  private readonly blocks: Block[] = [];
  private readonly toolInputJson = new Map<number, string>();

  add(chunk: unknown): boolean {
    const event = chunk as StreamEvent;
    switch (event.type) {
      case 'message_start':
        if (event.message) this.message = { ...event.message, content: [] };
        return false;
      case 'content_block_start':
        if (event.content_block && event.index !== undefined) this.blocks[event.index] = { ...event.content_block };
        return false;
      case 'content_block_delta':
        return this.addDelta(event);
      case 'message_delta':
        if (event.delta?.stop_reason !== undefined) this.message.stop_reason = event.delta.stop_reason;
        this.mergeUsage(event.usage);
        return false;
      default:
        return false;
    }
  }

  private addDelta(event: StreamEvent): boolean {
    const block = event.index === undefined ? undefined : this.blocks[event.index];
    const delta = event.delta;
    if (!block || !delta) return false;
    if (delta.type === 'text_delta') block.text = `${(block.text as string) ?? ''}${delta.text ?? ''}`;
    else if (delta.type === 'thinking_delta') block.thinking = `${(block.thinking as string) ?? ''}${delta.thinking ?? ''}`;
    else if (delta.type === 'input_json_delta') {
      this.toolInputJson.set(event.index!, (this.toolInputJson.get(event.index!) ?? '') + (delta.partial_json ?? ''));
    }
    return true;
  }

  /** `message_delta` usage is cumulative; null fields mean "unchanged". */
  private mergeUsage(usage: Usage | undefined): void {
    if (!usage) return;
    const merged: Usage = { ...this.message.usage };
    for (const [key, value] of Object.entries(usage)) {
      if (value !== null && value !== undefined) (merged as Record<string, unknown>)[key] = value;
    }
    this.message.usage = merged;
  }

  result(): LlmCallResult {
    const content = this.blocks.map((block, index) => {
      const json = this.toolInputJson.get(index);
      return json === undefined ? block : { ...block, input: parseJsonOrKeep(json) };
    });
    return readAnthropicMessage({ ...this.message, content });
  }
}
