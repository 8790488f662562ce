/** `POST /replay/run`: checks the overrides, decides live or simulation, and marks the set running for the workers. */
import { canonicalProvider, fillPromptTemplate, ReplayError } from '@lumina/core';
import { readOriginalProviders, readReplaySet, startReplayRun, type Queryable } from '@lumina/db';
import type { ReplayConfig } from '../config.js';
import { ReplayApiError } from '../errors.js';
import { canCallLive, type ProviderClients } from '../execute/provider-clients.js';

export interface RunRequest {
  replay_id: string;
  model?: string | undefined;
  provider?: string | undefined;
  system_prompt?: string | undefined;
  prompt_template?: string | undefined;
  temperature?: number | undefined;
  max_tokens?: number | undefined;
  concurrency?: number | undefined;
}

/** The settings stored with the run: the overrides given (provider canonical) and the concurrency. */
function runSettings(request: RunRequest, config: ReplayConfig): Record<string, unknown> {
  const { replay_id: _id, concurrency, ...overrides } = request;
  if (overrides.prompt_template !== undefined) {
    try {
      fillPromptTemplate(overrides.prompt_template, '');
    } catch (error) {
      if (error instanceof ReplayError) throw new ReplayApiError('invalid_override', `prompt_template: ${error.message}`, { parameter: 'prompt_template' });
      throw error;
    }
  }
  if (overrides.provider !== undefined) {
    if (overrides.model === undefined) {
      throw new ReplayApiError('invalid_override', 'provider: a provider switch needs the model to call there (model)', { parameter: 'model' });
    }
    overrides.provider = canonicalProvider(overrides.provider) ?? overrides.provider.toLowerCase();
  }
  const settings: Record<string, unknown> = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  settings.concurrency = Math.min(concurrency ?? config.REPLAY_DEFAULT_CONCURRENCY, config.REPLAY_MAX_CONCURRENCY);
  return settings;
}

/** live when every provider the run calls has a client (REPLAY_MODE=auto), or as forced. */
async function runMode(db: Queryable, projectId: string, replayId: string, provider: string | undefined, clients: ProviderClients, config: ReplayConfig) {
  if (config.REPLAY_MODE !== 'auto') return config.REPLAY_MODE;
  const targets = provider !== undefined ? [provider] : await readOriginalProviders(db, projectId, replayId);
  return targets.every((target) => canCallLive(clients, target)) ? 'live' : 'simulation';
}

/** Starts a run; 404 for an unknown set, 409 while it runs, 400 for overrides that cannot apply. */
export async function startRun(db: Queryable, projectId: string, request: RunRequest, clients: ProviderClients, config: ReplayConfig): Promise<void> {
  const settings = runSettings(request, config);
  const set = await readReplaySet(db, projectId, request.replay_id);
  if (set === null) throw new ReplayApiError('not_found', `no replay set ${request.replay_id}`);
  if (set.status === 'running') throw new ReplayApiError('replay_running', `replay set ${request.replay_id} is being run; wait for it to finish`);
  const mode = await runMode(db, projectId, request.replay_id, settings.provider as string | undefined, clients, config);
  const started = await startReplayRun(db, { projectId, replayId: request.replay_id, mode, settings });
  if (started === null) throw new ReplayApiError('replay_running', `replay set ${request.replay_id} is being run; wait for it to finish`);
}
