import { useState, type FormEvent } from 'react';
import { RANGES, TEXT_FILTERS, type TextFilter, type TraceFilters } from '../../core/trace-filters';

const LABELS: Record<TextFilter, string> = {
  service: 'Service',
  model: 'Model',
  provider: 'Provider',
  status: 'Status',
  user_id: 'User',
  session_id: 'Session',
  from: 'From',
  to: 'To',
  min_cost: 'Min cost $',
  max_cost: 'Max cost $',
  min_latency: 'Min latency ms',
  max_latency: 'Max latency ms',
  min_feedback: 'Min feedback',
  max_feedback: 'Max feedback',
  quality_min: 'Min quality',
  quality_max: 'Max quality',
  q: 'Search prompt/response',
};

/** Every filter of GET /api/traces; submitting writes them to the URL (which drives the query). */
export function TraceFilterBar({ filters, onApply }: { filters: TraceFilters; onApply: (next: TraceFilters) => void }) {
  const [draft, setDraft] = useState(filters);
  const [tagText, setTagText] = useState(filters.tags.join(', '));
  const set = (key: TextFilter, value: string) => setDraft({ ...draft, values: { ...draft.values, [key]: value } });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const values = Object.fromEntries(Object.entries(draft.values).filter(([, value]) => value !== '' && value !== undefined));
    const tags = tagText.split(',').map((tag) => tag.trim()).filter((tag) => tag !== '');
    onApply({ ...draft, values, tags, cursor: null });
  };
  const clear = () => {
    const empty: TraceFilters = { values: {}, tags: [], range: null, cursor: null, limit: filters.limit, live: filters.live };
    setDraft(empty);
    setTagText('');
    onApply(empty);
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="trace filters">
      {TEXT_FILTERS.map((key) =>
        key === 'status' ? (
          <label key={key}>
            {LABELS[key]}
            <select name={key} value={draft.values.status ?? ''} onChange={(event) => set('status', event.target.value)}>
              <option value="">any</option>
              <option value="ok">ok</option>
              <option value="error">error</option>
              <option value="degraded">degraded</option>
            </select>
          </label>
        ) : (
          <label key={key} className={key === 'q' ? 'wide' : undefined}>
            {LABELS[key]}
            <input
              name={key}
              value={draft.values[key] ?? ''}
              placeholder={key === 'from' || key === 'to' ? 'ISO time' : key.startsWith('quality') || key.endsWith('feedback') ? '0–1' : ''}
              onChange={(event) => set(key, event.target.value)}
            />
          </label>
        ),
      )}
      <label>
        Tags
        <input name="tag" value={tagText} placeholder="a, b" onChange={(event) => setTagText(event.target.value)} />
      </label>
      <label>
        Range
        <select name="range" value={draft.range ?? ''} onChange={(event) => setDraft({ ...draft, range: event.target.value || null })}>
          <option value="">all time</option>
          {Object.keys(RANGES).map((range) => (
            <option key={range} value={range}>
              last {range}
            </option>
          ))}
        </select>
      </label>
      <div className="filter-actions">
        <button type="submit">Apply</button>
        <button type="button" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  );
}
