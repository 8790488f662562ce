/** The official SDK clients, one per provider that has a key; their own retries are off (ours are in retry.ts). */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { ReplayConfig } from '../config.js';

/** Providers a live replay can call. */
export const LIVE_PROVIDERS = ['openai', 'anthropic'] as const;
export type LiveProvider = (typeof LIVE_PROVIDERS)[number];

export interface ProviderClients {
  openai: OpenAI | null;
  anthropic: Anthropic | null;
}

/** Clients for the providers with a key, honouring OPENAI_BASE_URL / ANTHROPIC_BASE_URL. */
export function createProviderClients(config: ReplayConfig): ProviderClients {
  const common = { maxRetries: 0, timeout: config.REPLAY_CALL_TIMEOUT_MS };
  return {
    openai: config.OPENAI_API_KEY
      ? new OpenAI({ ...common, apiKey: config.OPENAI_API_KEY, ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}) })
      : null,
    anthropic: config.ANTHROPIC_API_KEY
      ? new Anthropic({ ...common, apiKey: config.ANTHROPIC_API_KEY, ...(config.ANTHROPIC_BASE_URL ? { baseURL: config.ANTHROPIC_BASE_URL } : {}) })
      : null,
  };
}

/** True when `provider` (canonical name) can be called live: it is supported and has a key. */
export function canCallLive(clients: ProviderClients, provider: string | null): boolean {
  return provider === 'openai' ? clients.openai !== null : provider === 'anthropic' ? clients.anthropic !== null : false;
}
