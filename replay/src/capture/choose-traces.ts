/** Which traces a capture takes: the ids asked for (each must exist), or a reproducible sample of those matching filters. */
import { parseDurationMs, sampleReproducibly } from '@lumina/core';
import { readKnownTraces, readMatchingTraceIds, type CaptureFilters, type Queryable } from '@lumina/db';
import type { ReplayConfig } from '../config.js';
import { ReplayApiError } from '../errors.js';

export interface CaptureRequest {
  trace_ids?: string[] | undefined;
  filters?:
    | {
        service?: string | undefined;
        model?: string | undefined;
        from?: Date | undefined;
        to?: Date | undefined;
        time_range?: string | undefined;
        sample_size?: number | undefined;
        seed?: string | number | undefined;
      }
    | undefined;
}

export interface ChosenTraces {
  traceIds: string[];
  /** how they were chosen, kept with the set */
  capture: Record<string, unknown>;
}

/** The sampling seed when the request gives none: the same filters then give the same sample. */
export const DEFAULT_SAMPLE_SEED = 'lumina';

type Limits = Pick<ReplayConfig, 'REPLAY_MAX_SET_TRACES' | 'REPLAY_MAX_SAMPLE_CANDIDATES'>;

async function byIds(db: Queryable, projectId: string, ids: string[], limits: Limits): Promise<ChosenTraces> {
  const traceIds = [...new Set(ids)];
  if (traceIds.length > limits.REPLAY_MAX_SET_TRACES) {
    throw new ReplayApiError('too_many_traces', `at most ${limits.REPLAY_MAX_SET_TRACES} traces in one set (${traceIds.length} given)`);
  }
  const known = await readKnownTraces(db, projectId, traceIds);
  const missing = traceIds.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new ReplayApiError('trace_not_found', `no trace ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''} in this project`, { missing });
  }
  const withCalls = traceIds.filter((id) => (known.get(id) ?? 0) > 0);
  if (withCalls.length === 0) throw new ReplayApiError('nothing_to_replay', 'none of the traces has an LLM call to replay');
  return { traceIds: withCalls, capture: { trace_ids: traceIds } };
}

/** The filters as the database reads them: time_range turned into from/to. */
function resolveFilters(filters: NonNullable<CaptureRequest['filters']>, now: number): CaptureFilters {
  const resolved: CaptureFilters = {};
  if (filters.service !== undefined) resolved.service = filters.service;
  if (filters.model !== undefined) resolved.model = filters.model;
  if (filters.to !== undefined) resolved.to = filters.to;
  if (filters.from !== undefined) resolved.from = filters.from;
  if (filters.time_range !== undefined) {
    const rangeMs = parseDurationMs(filters.time_range);
    if (rangeMs === null) throw new ReplayApiError('invalid_parameter', 'filters.time_range: must be a number and a unit: 30m, 24h, 7d', { parameter: 'filters.time_range' });
    if (filters.from !== undefined) throw new ReplayApiError('invalid_parameter', 'filters.time_range: give time_range or from, not both', { parameter: 'filters.time_range' });
    resolved.to ??= new Date(now);
    resolved.from = new Date(resolved.to.getTime() - rangeMs);
  }
  if (resolved.from && resolved.to && resolved.from >= resolved.to) {
    throw new ReplayApiError('invalid_parameter', 'filters.from: must be before filters.to', { parameter: 'filters.from' });
  }
  return resolved;
}

async function byFilters(db: Queryable, projectId: string, filters: NonNullable<CaptureRequest['filters']>, limits: Limits, now: number): Promise<ChosenTraces> {
  const resolved = resolveFilters(filters, now);
  const sampleSize = filters.sample_size;
  const seed = filters.seed ?? DEFAULT_SAMPLE_SEED;
  const limit = sampleSize === undefined ? limits.REPLAY_MAX_SET_TRACES + 1 : limits.REPLAY_MAX_SAMPLE_CANDIDATES;
  const matching = await readMatchingTraceIds(db, projectId, resolved, limit);
  if (matching.length === 0) throw new ReplayApiError('nothing_to_replay', 'no trace with an LLM call matches the filters');
  if (sampleSize === undefined && matching.length > limits.REPLAY_MAX_SET_TRACES) {
    throw new ReplayApiError('too_many_traces', `more than ${limits.REPLAY_MAX_SET_TRACES} traces match; narrow the filters or give sample_size`);
  }
  if (sampleSize !== undefined && sampleSize > limits.REPLAY_MAX_SET_TRACES) {
    throw new ReplayApiError('invalid_parameter', `filters.sample_size: at most ${limits.REPLAY_MAX_SET_TRACES}`, { parameter: 'filters.sample_size' });
  }
  const traceIds = sampleSize === undefined ? matching : sampleReproducibly(matching, sampleSize, seed);
  const capture = {
    filters: {
      ...(resolved.service !== undefined ? { service: resolved.service } : {}),
      ...(resolved.model !== undefined ? { model: resolved.model } : {}),
      ...(resolved.from !== undefined ? { from: resolved.from.toISOString() } : {}),
      ...(resolved.to !== undefined ? { to: resolved.to.toISOString() } : {}),
      ...(filters.time_range !== undefined ? { time_range: filters.time_range } : {}),
      ...(sampleSize !== undefined ? { sample_size: sampleSize, seed } : {}),
    },
    matched_traces: matching.length,
  };
  return { traceIds, capture };
}

/** The traces of a new set, or a 400 saying why there are none. */
export async function chooseTraces(db: Queryable, projectId: string, request: CaptureRequest, limits: Limits, now: number): Promise<ChosenTraces> {
  if (request.trace_ids !== undefined && request.filters !== undefined) {
    throw new ReplayApiError('invalid_body', 'give trace_ids or filters, not both');
  }
  if (request.trace_ids !== undefined) return byIds(db, projectId, request.trace_ids, limits);
  if (request.filters !== undefined) return byFilters(db, projectId, request.filters, limits, now);
  throw new ReplayApiError('invalid_body', 'give trace_ids or filters to choose the traces to capture');
}
