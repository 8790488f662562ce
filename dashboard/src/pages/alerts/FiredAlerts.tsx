import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { apiFetch } from '../../api/client';
import type { Alert } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatPct, formatTime } from '../../core/format';

/** Fired alerts, newest first: the evidence (baseline, current, change), the sample traces, acknowledgement. */
export function FiredAlerts() {
  const client = useQueryClient();
  const alerts = useQuery({ queryKey: ['alerts'], queryFn: () => apiFetch<{ data: Alert[] }>('/api/alerts', { params: { limit: 100 } }), refetchInterval: 10_000 });
  const ack = useMutation({
    mutationFn: (alertId: string) => apiFetch<Alert>(`/api/alerts/${encodeURIComponent(alertId)}/ack`, { method: 'POST', body: {} }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['alerts'] }),
  });
  if (alerts.isPending) return <p className="hint">Loading fired alerts…</p>;
  if (alerts.isError) return <ErrorMessage error={alerts.error} what="fired alerts" />;
  if (alerts.data.data.length === 0) return <p className="message">No alert has fired.</p>;
  return (
    <>
      {ack.isError && <ErrorMessage error={ack.error} what="alert" action="acknowledge the alert" />}
      <table className="grid" data-testid="fired-alerts">
        <thead>
          <tr>
            <th>Fired</th>
            <th>Status</th>
            <th>Type</th>
            <th>Scope</th>
            <th className="num">Baseline</th>
            <th className="num">Current</th>
            <th className="num">Change</th>
            <th>Message</th>
            <th>Traces</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {alerts.data.data.map((alert) => (
            <tr key={alert.alert_id} data-alert-id={alert.alert_id}>
              <td>{formatTime(alert.fired_at)}</td>
              <td>
                <span className={`status ${alert.status === 'firing' ? 'firing' : 'ok'}`}>{alert.status}</span>
              </td>
              <td>{alert.type}</td>
              <td>{[alert.service, alert.model].filter(Boolean).join(' / ') || 'all'}</td>
              <td className="num">{alert.baseline ?? '–'}</td>
              <td className="num">{alert.current ?? '–'}</td>
              <td className="num">{formatPct(alert.change_pct)}</td>
              <td style={{ whiteSpace: 'normal' }}>{alert.message}</td>
              <td>
                {alert.trace_ids.slice(0, 5).map((traceId) => (
                  <Link key={traceId} to={`/traces/${traceId}`} style={{ marginRight: 6 }}>
                    {traceId.slice(0, 8)}
                  </Link>
                ))}
              </td>
              <td>
                {alert.acknowledged_at ? (
                  <span className="hint">acknowledged</span>
                ) : (
                  <button type="button" onClick={() => ack.mutate(alert.alert_id)}>
                    Acknowledge
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
