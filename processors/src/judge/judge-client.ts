import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

/** One question to a judge model; answers its reply text. */
export interface JudgeClient {
  provider: 'anthropic' | 'openai';
  model: string;
  ask(prompt: { system: string; user: string }, signal: AbortSignal): Promise<string>;
}

export interface JudgeClientOptions {
  anthropicApiKey?: string;
  anthropicBaseUrl?: string;
  openAiApiKey?: string;
  openAiBaseUrl?: string;
  /** default: claude-haiku-4-5 (Anthropic) or gpt-4o-mini (OpenAI) */
  model?: string;
  timeoutMs: number;
}

/** Room for the one-line JSON verdict. */
const MAX_TOKENS = 300;

/**
 * A judge on the official SDK of whichever provider has a key (Anthropic first), or null when
 * neither has one: the judge tier is then off. The SDKs retry 429/5xx twice on their own.
 */
export function createJudgeClient(options: JudgeClientOptions): JudgeClient | null {
  if (options.anthropicApiKey) {
    const client = new Anthropic({ apiKey: options.anthropicApiKey, baseURL: options.anthropicBaseUrl, timeout: options.timeoutMs });
    const model = options.model ?? 'claude-haiku-4-5';
    return {
      provider: 'anthropic',
      model,
      async ask(prompt, signal) {
        const message = await client.messages.create(
          { model, max_tokens: MAX_TOKENS, system: prompt.system, messages: [{ role: 'user', content: prompt.user }] },
          { signal },
        );
        return message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
      },
    };
  }
  if (options.openAiApiKey) {
    const client = new OpenAI({ apiKey: options.openAiApiKey, baseURL: options.openAiBaseUrl, timeout: options.timeoutMs });
    const model = options.model ?? 'gpt-4o-mini';
    return {
      provider: 'openai',
      model,
      async ask(prompt, signal) {
        const completion = await client.chat.completions.create(
          { model, max_tokens: MAX_TOKENS, messages: [{ role: 'system', content: prompt.system }, { role: 'user', content: prompt.user }] },
          { signal },
        );
        return completion.choices[0]?.message.content ?? '';
      },
    };
  }
  return null;
}
