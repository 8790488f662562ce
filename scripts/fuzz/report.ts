import type { FuzzReport } from './run.js';

const number = (n: number) => n.toLocaleString('en-US');

/** The run as text: counts by outcome per target, then each criterion and what broke it. */
export function formatFuzzReport(report: FuzzReport): string {
  const lines: string[] = [];
  lines.push(`fuzz: ${number(report.inputs)} inputs, seed ${report.seed}, ${report.seconds.toFixed(1)} s, ${number(Math.round(report.inputs / report.seconds))} inputs/s`);
  lines.push('');
  for (const [target, byLabel] of report.counts) {
    const total = [...byLabel.values()].reduce((a, b) => a + b, 0);
    lines.push(`${target} (${number(total)})`);
    for (const [label, count] of [...byLabel].sort((a, b) => b[1] - a[1])) lines.push(`  ${label.padEnd(44)} ${number(count).padStart(8)}`);
  }
  lines.push('');
  lines.push(`process exits (crashes):          ${report.crashes.length}`);
  for (const exit of report.crashes) lines.push(`  ${exit.service} exited (code ${exit.code}, signal ${exit.signal}); last lines:\n    ${exit.logTail.slice(-8).join('\n    ')}`);
  lines.push(`connection refused / gRPC no connection: ${report.failureCount.crash}`);
  lines.push(`5xx other than 503 (and timeouts): ${report.failureCount.serverError}`);
  for (const failure of report.failures) lines.push(`  #${failure.index} ${failure.target}: ${failure.outcome} ← ${failure.input}`);
  if (report.nonstandardBodies.length > 0) {
    lines.push('non-2xx answers without the standard error body (examples):');
    for (const failure of report.nonstandardBodies) lines.push(`  #${failure.index} ${failure.target}: ${failure.outcome} ← ${failure.input}`);
  }
  lines.push(`dead-lettered by the processors:  ${report.deadLettered} (payloads ingest accepted that could not be stored)`);
  for (const [reason, count] of [...report.deadLetterReasons].sort((a, b) => b[1] - a[1])) lines.push(`  ${number(count).padStart(6)} × ${reason.slice(0, 400)}`);
  for (const [service, errors] of report.errorLines) {
    lines.push(`${service} logged ${errors.length} error line(s), e.g.:`);
    for (const line of [...new Set(errors.map((l) => l.slice(0, 400)))].slice(0, 5)) lines.push(`  ${line}`);
  }
  const final = report.finalExport;
  lines.push(`valid export after the storm:     ${final.whole ? 'stored whole' : `NOT stored whole${final.error ? ` (${final.error})` : ''}`}`);
  for (const trace of final.traces) lines.push(`  ${trace.transport.padEnd(20)} trace ${trace.traceId}: ${trace.stored}/${trace.sent} spans`);
  lines.push('');
  lines.push(report.passed ? 'PASS: no crash, no 5xx other than 503, nothing accepted was dead-lettered, the valid export is stored whole' : 'FAIL');
  return lines.join('\n');
}
