// The snippet is text shown to the user (a file of its own, read by Vite as a string), not code of the dashboard.
import SDK_SNIPPET from './sdk-snippet.txt?raw';

/** What a new user sees before the first trace: how to send one. */
export function EmptyState({ title }: { title: string }) {
  const host = window.location.hostname || 'localhost';
  return (
    <div className="empty" data-testid="empty-state">
      <h2>{title}</h2>
      <p>Send a first trace with the Lumina SDK, or point any OpenTelemetry SDK or collector at Lumina's OTLP endpoints.</p>
      <pre className="code">{SDK_SNIPPET}</pre>
      <ul>
        <li>OTLP/gRPC: <code>{`http://${host}:4317`}</code></li>
        <li>OTLP/HTTP: <code>{`http://${host}:4318/v1/traces`}</code> (also <code>{`:9411/v1/traces`}</code>)</li>
        <li>
          Environment for any OTel SDK: <code>{`OTEL_EXPORTER_OTLP_ENDPOINT=http://${host}:4318`}</code>
        </li>
        <li>With auth on, add <code>{'Authorization: Bearer <key>'}</code> (<code>OTEL_EXPORTER_OTLP_HEADERS</code>).</li>
      </ul>
    </div>
  );
}
