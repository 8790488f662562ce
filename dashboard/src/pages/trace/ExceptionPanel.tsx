import type { Span } from '../../api/types';

/** The exception the span ended with: type, message and stack trace, shown above everything else. */
export function ExceptionPanel({ exception }: { exception: NonNullable<Span['exception']> }) {
  return (
    <div className="exception" role="note" data-testid="exception">
      <div className="exception-head">
        <strong className="exception-type">{exception.type ?? 'Exception'}</strong>
        {exception.escaped ? <span className="badge">escaped</span> : null}
      </div>
      <div className="exception-message">{exception.message ?? '(no message)'}</div>
      {exception.stacktrace && (
        <details open>
          <summary>Stack trace</summary>
          <pre className="exception-stack">{exception.stacktrace}</pre>
        </details>
      )}
    </div>
  );
}
