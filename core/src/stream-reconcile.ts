import type { StreamSpec } from './stream-spec.js';

/** The settings of an existing stream that reconciliation looks at (JetStream API field names). */
export interface ExistingStreamConfig {
  subjects?: string[];
  retention: string;
  discard?: string;
  max_age: number;
  max_bytes: number;
  max_msgs: number;
  /** absent means 1 */
  num_replicas?: number;
  duplicate_window?: number;
}

/** One setting and what happens to it; every entry becomes a log line. */
export interface StreamSettingNote {
  setting: string;
  from: string;
  to: string;
  why: string;
}

/** The settings reconciliation may change (JetStream API field names). */
export interface StreamUpdate {
  discard?: 'new';
  max_age?: number;
  max_bytes?: number;
  max_msgs?: number;
  num_replicas?: number;
  subjects?: string[];
}

export interface StreamReconciliation {
  /** fields to update; empty when the stream is fine as it is */
  update: StreamUpdate;
  changed: StreamSettingNote[];
  /** the operator's own values, left in place because no setting of ours asked otherwise */
  kept: StreamSettingNote[];
  /** what cannot be changed in place and breaks a promise; the stream is otherwise left alone */
  problems: string[];
}

const show = (value: number | string | undefined) => (value === undefined ? 'unset' : value === -1 || value === 0 ? 'none' : String(value));

/**
 * How to bring an existing stream (perhaps created by an operator) to the spec without
 * surprises: what protects acknowledged data (discard new, no age expiry, our subject) is
 * always applied; byte and message limits are changed only when the operator configured them
 * for Lumina, otherwise the stream's own are kept; so is the replica count (JetStream moves
 * the data to the new number of servers in place). Every change and every kept difference is
 * returned, so the caller can say it in the log. Retention cannot change in place.
 */
export function reconcileStream(existing: ExistingStreamConfig, spec: StreamSpec): StreamReconciliation {
  const result: StreamReconciliation = { update: {}, changed: [], kept: [], problems: [] };
  if (existing.retention !== spec.retention) {
    result.problems.push(
      `retention is '${existing.retention}', Lumina needs '${spec.retention}' and JetStream cannot change it in place: ` +
        `stop ingest, let the processors drain the stream (lag 0), delete it and start again`,
    );
    return result;
  }
  const change = (setting: string, from: number | string | undefined, to: number | string, why: string) =>
    result.changed.push({ setting, from: show(from), to: show(to), why });
  if (existing.discard !== 'new') {
    result.update.discard = 'new';
    change('discard', existing.discard, 'new', 'a full stream must refuse new messages, never delete stored ones');
  }
  if (existing.max_age !== 0) {
    result.update.max_age = 0;
    change('max_age', existing.max_age, 0, 'stored messages must never expire unprocessed');
  }
  const subjects = existing.subjects ?? [];
  const missing = spec.subjects.filter((subject) => !subjects.includes(subject));
  if (missing.length > 0) {
    result.update.subjects = [...subjects, ...missing];
    change('subjects', subjects.join(','), result.update.subjects.join(','), 'Lumina publishes there');
  }
  const limits = [
    ['max_bytes', existing.max_bytes, spec.maxBytes],
    ['max_msgs', existing.max_msgs, spec.maxMsgs],
    ['num_replicas', existing.num_replicas ?? 1, spec.replicas],
  ] as const;
  for (const [setting, current, wanted] of limits) {
    if (current === wanted.value) continue;
    if (wanted.explicit) {
      result.update[setting] = wanted.value;
      change(setting, current, wanted.value, 'configured for Lumina');
    } else {
      result.kept.push({ setting, from: show(current), to: show(current), why: `Lumina's default is ${show(wanted.value)}; configure it to change` });
    }
  }
  return result;
}
