import type { Span } from '../../api/types';
import { formatCount, formatMs, formatScore, formatTime, formatUsd } from '../../core/format';
import { Conversation } from './Conversation';
import { ExceptionPanel } from './ExceptionPanel';
import { QualityPanel } from './QualityPanel';
import { SpanEvents } from './SpanEvents';

function Field({ label, value }: { label: string; value: string | number | null }) {
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd data-field={label}>{value === null || value === '' ? '–' : value}</dd>
    </div>
  );
}

function averageFeedback(span: Span): number | null {
  if (span.feedback.length === 0) return null;
  return span.feedback.reduce((sum, item) => sum + item.score, 0) / span.feedback.length;
}

function JsonBlock({ title, value }: { title: string; value: Record<string, unknown> }) {
  const entries = Object.entries(value);
  return (
    <details open={entries.length <= 20}>
      <summary>
        {title} ({entries.length})
      </summary>
      <table className="kv">
        <tbody>
          {entries.map(([key, item]) => (
            <tr key={key}>
              <th>{key}</th>
              <td>{typeof item === 'string' ? item : JSON.stringify(item)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** One span: for an LLM call its provider, model, tokens, cost, latency, finish reason, quality score with its signals, and conversation (tool calls included); the exception first when it ended with one; then attributes and events. */
export function SpanDetail({ span }: { span: Span }) {
  const llm = span.model !== null || span.provider !== null;
  return (
    <div className="span-detail" data-testid="span-detail">
      <h2>{span.name}</h2>
      {span.exception && <ExceptionPanel exception={span.exception} />}
      <dl className="fields">
        <Field label="Service" value={span.service_name} />
        <Field label="Started" value={formatTime(span.start_time)} />
        <Field label="Latency" value={formatMs(span.latency_ms)} />
        <Field label="Status" value={span.status + (span.status_message ? `: ${span.status_message}` : '')} />
        {llm && (
          <>
            <Field label="Provider" value={span.provider} />
            <Field label="Model" value={span.model} />
            <Field label="Operation" value={span.operation} />
            <Field label="Prompt tokens" value={formatCount(span.prompt_tokens)} />
            <Field label="Cached prompt tokens" value={formatCount(span.cached_prompt_tokens)} />
            <Field label="Completion tokens" value={formatCount(span.completion_tokens)} />
            <Field label="Cost" value={formatUsd(span.cost_usd)} />
            <Field label="Finish reason" value={span.finish_reason} />
            <Field label="Quality" value={formatScore(span.quality_score)} />
            <Field label="Feedback" value={span.feedback.length > 0 ? `${formatScore(averageFeedback(span))} (${span.feedback.length})` : null} />
            <Field label="User" value={span.user_id} />
            <Field label="Session" value={span.session_id} />
            <Field label="Tags" value={span.tags.join(', ')} />
          </>
        )}
      </dl>
      {llm && (
        <>
          <QualityPanel span={span} />
          <h3>Conversation</h3>
          <Conversation span={span} />
        </>
      )}
      {span.redactions && <p className="hint">Redacted before storage: {Object.entries(span.redactions).map(([kind, count]) => `${kind} × ${count}`).join(', ')}</p>}
      <JsonBlock title="Attributes" value={span.attributes} />
      <JsonBlock title="Resource" value={span.resource} />
      <SpanEvents events={span.events} />
    </div>
  );
}
