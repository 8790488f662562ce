import type { SpanEvent } from '../../api/types';
import { formatTime } from '../../core/format';

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The span's own events in time order, each with its attributes. */
export function SpanEvents({ events }: { events: SpanEvent[] }) {
  if (events.length === 0) return <p className="hint">No events on this span.</p>;
  return (
    <details open={events.length <= 20}>
      <summary>Events ({events.length})</summary>
      <ol className="events" data-testid="events">
        {events.map((event, index) => (
          <li key={index} className={`event${event.name === 'exception' ? ' event-exception' : ''}`} data-event={event.name}>
            <div className="event-head">
              <strong className="event-name">{event.name}</strong> <span className="hint">{formatTime(event.time)}</span>
            </div>
            {Object.keys(event.attributes).length > 0 && (
              <table className="kv">
                <tbody>
                  {Object.entries(event.attributes).map(([key, value]) => (
                    <tr key={key}>
                      <th>{key}</th>
                      <td>{key === 'exception.stacktrace' ? <pre className="exception-stack">{shown(value)}</pre> : shown(value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}
