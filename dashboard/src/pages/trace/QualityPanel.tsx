import type { Span } from '../../api/types';
import { formatScore } from '../../core/format';

/** The call's quality score and the signals that produced it (finish_reason, refusal, judge, …), lowest first. */
export function QualityPanel({ span }: { span: Span }) {
  const signals = Object.entries(span.quality_signals ?? {}).sort((a, b) => a[1].score - b[1].score);
  const low = span.quality_score !== null && span.quality_score < 0.7;
  return (
    <div className="quality" data-testid="quality">
      <div className={`quality-score${low ? ' low' : ''}`}>
        Quality <strong data-testid="quality-score">{formatScore(span.quality_score)}</strong>
        {span.quality_score === null && <span className="hint"> not scored</span>}
      </div>
      {signals.length > 0 && (
        <table className="kv signals">
          <tbody>
            {signals.map(([name, signal]) => (
              <tr key={name} data-signal={name}>
                <th>{name}</th>
                <td>
                  <span className="signal-score">{formatScore(signal.score)}</span>
                  {signal.detail ? <span className="signal-detail"> {signal.detail}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
