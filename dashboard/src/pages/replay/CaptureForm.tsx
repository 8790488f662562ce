import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { apiFetch } from '../../api/client';
import type { CaptureRequest, CapturedReplaySet } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';

/** Captures a replay set from trace ids (selected in the trace list, or pasted) or from a filter with sampling. */
export function CaptureForm({ selectedTraceIds }: { selectedTraceIds: string[] }) {
  const [source, setSource] = useState<'filter' | 'traces'>(selectedTraceIds.length > 0 ? 'traces' : 'filter');
  const [fields, setFields] = useState({ name: '', description: '', trace_ids: selectedTraceIds.join('\n'), service: '', model: '', time_range: '24h', sample_size: '' });
  const set = (key: keyof typeof fields) => (event: { target: { value: string } }) => setFields({ ...fields, [key]: event.target.value });
  const client = useQueryClient();
  const navigate = useNavigate();
  const capture = useMutation({
    mutationFn: (body: CaptureRequest) => apiFetch<CapturedReplaySet>('/replay/capture', { method: 'POST', body }),
    onSuccess: (created) => {
      void client.invalidateQueries({ queryKey: ['replay-sets'] });
      void navigate(`/replays/${created.replay_id}`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: CaptureRequest = { name: fields.name.trim() || `replay ${new Date().toISOString().slice(0, 16)}` };
    if (fields.description.trim()) body.description = fields.description.trim();
    if (source === 'traces') body.trace_ids = fields.trace_ids.split(/[\s,]+/).filter((id) => id !== '');
    else {
      body.filters = { time_range: fields.time_range || '24h' };
      if (fields.service.trim()) body.filters.service = fields.service.trim();
      if (fields.model.trim()) body.filters.model = fields.model.trim();
      if (fields.sample_size.trim()) body.filters.sample_size = Number(fields.sample_size);
    }
    capture.mutate(body);
  };
  return (
    <form className="form-grid" onSubmit={submit} aria-label="capture a replay set">
      <label>
        Name
        <input name="name" value={fields.name} onChange={set('name')} placeholder="nightly gpt-4o check" />
      </label>
      <label>
        Description
        <input name="description" value={fields.description} onChange={set('description')} />
      </label>
      <label>
        Capture from
        <select name="source" value={source} onChange={(event) => setSource(event.target.value as 'filter' | 'traces')}>
          <option value="filter">a filter</option>
          <option value="traces">trace ids</option>
        </select>
      </label>
      {source === 'traces' ? (
        <label className="wide">
          Trace ids (one per line)
          <textarea name="trace_ids" rows={3} value={fields.trace_ids} onChange={set('trace_ids')} />
        </label>
      ) : (
        <>
          <label>
            Service
            <input name="service" value={fields.service} onChange={set('service')} placeholder="any" />
          </label>
          <label>
            Model
            <input name="model" value={fields.model} onChange={set('model')} placeholder="any" />
          </label>
          <label>
            Time range
            <input name="time_range" value={fields.time_range} onChange={set('time_range')} placeholder="24h" />
          </label>
          <label>
            Sample size
            <input name="sample_size" value={fields.sample_size} onChange={set('sample_size')} placeholder="all" inputMode="numeric" />
          </label>
        </>
      )}
      <div className="actions">
        <button type="submit" disabled={capture.isPending}>
          Capture replay set
        </button>
      </div>
      {capture.isError && (
        <div className="wide" style={{ gridColumn: '1 / -1' }}>
          <ErrorMessage error={capture.error} what="the replay set" action="capture the replay set" />
        </div>
      )}
    </form>
  );
}
