/** The span tree of a trace flattened into waterfall rows: depth-first, children by start time. */

export interface WaterfallSpan {
  span_id: string;
  parent_span_id: string | null;
  start_time: string;
  latency_ms: number;
}

export interface WaterfallRow<S extends WaterfallSpan> {
  span: S;
  depth: number;
  /** start offset from the trace start, as a fraction of the trace's duration (0–1) */
  offset: number;
  /** duration as a fraction of the trace's duration (0–1) */
  width: number;
  offsetMs: number;
}

/**
 * Orders spans as a tree (a span whose parent is missing is a root), computing each row's
 * depth and its bar position. Iterative, so a very deep trace cannot overflow the stack.
 */
export function waterfallRows<S extends WaterfallSpan>(spans: readonly S[]): WaterfallRow<S>[] {
  if (spans.length === 0) return [];
  const starts = new Map<string, number>();
  for (const span of spans) starts.set(span.span_id, Date.parse(span.start_time));
  const traceStart = Math.min(...starts.values());
  const traceEnd = Math.max(...spans.map((span) => (starts.get(span.span_id) ?? 0) + span.latency_ms));
  const total = Math.max(traceEnd - traceStart, 1e-6);

  const children = new Map<string | null, S[]>();
  for (const span of spans) {
    const parent = span.parent_span_id !== null && starts.has(span.parent_span_id) && span.parent_span_id !== span.span_id ? span.parent_span_id : null;
    const list = children.get(parent);
    if (list) list.push(span);
    else children.set(parent, [span]);
  }
  for (const list of children.values()) list.sort((a, b) => (starts.get(a.span_id) ?? 0) - (starts.get(b.span_id) ?? 0));

  const rows: WaterfallRow<S>[] = [];
  const seen = new Set<string>();
  const stack: { span: S; depth: number }[] = [...(children.get(null) ?? [])].reverse().map((span) => ({ span, depth: 0 }));
  while (stack.length > 0) {
    const { span, depth } = stack.pop()!;
    if (seen.has(span.span_id)) continue;
    seen.add(span.span_id);
    const offsetMs = (starts.get(span.span_id) ?? traceStart) - traceStart;
    rows.push({ span, depth, offsetMs, offset: offsetMs / total, width: Math.max(span.latency_ms / total, 0) });
    const kids = children.get(span.span_id) ?? [];
    for (let i = kids.length - 1; i >= 0; i -= 1) stack.push({ span: kids[i]!, depth: depth + 1 });
  }
  return rows;
}
