/**
 * Which spans only repeat usage that another span of the same trace counts, so that
 * totals count every call once (API.md: a wrapper's tokens and cost are null).
 *
 * A span with a `wrapperKind` carries usage that may be someone else's:
 * - `grouping` (agent, chain, workflow, tool, Vercel outer span) repeats the usage of any
 *   span below it that carries usage; with none below, it is the call and is counted;
 * - `framework` (an LLM span of LangChain & co.) repeats the same way, and also repeats a
 *   plain LLM call beside it (same parent) that ran within its time and names no other
 *   provider: those instrumentations do not make their span the SDK span's parent.
 * The rule is monotone: a span that repeats another keeps doing so when more spans arrive,
 * so a decision can only change from "counted" to "repeats", never back.
 */
import type { WrapperKind } from '../span.js';

/** What the rule looks at for one span; times in any one unit (the callers use µs). */
export interface UsageNode {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  start: number;
  end: number;
  /** an LLM call, or a span with usage that may repeat another's (counted or not) */
  carriesUsage: boolean;
  wrapperKind: WrapperKind | null;
  provider: string | null;
}

function childrenByParent(nodes: readonly UsageNode[]): Map<string, UsageNode[]> {
  const children = new Map<string, UsageNode[]>();
  for (const node of nodes) {
    if (node.parentSpanId === null) continue;
    const key = `${node.traceId}/${node.parentSpanId}`;
    const siblings = children.get(key);
    if (siblings) siblings.push(node);
    else children.set(key, [node]);
  }
  return children;
}

function hasUsageBelow(node: UsageNode, children: Map<string, UsageNode[]>): boolean {
  const below = (parent: UsageNode) => children.get(`${parent.traceId}/${parent.spanId}`) ?? [];
  const seen = new Set<string>([node.spanId]);
  const stack = [...below(node)];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next.spanId)) continue; // a malformed trace may loop
    seen.add(next.spanId);
    if (next.carriesUsage) return true;
    stack.push(...below(next));
  }
  return false;
}

function hasCallBeside(node: UsageNode, nodes: readonly UsageNode[]): boolean {
  return nodes.some(
    (other) =>
      other.spanId !== node.spanId &&
      other.traceId === node.traceId &&
      other.carriesUsage &&
      other.wrapperKind === null &&
      other.parentSpanId === node.parentSpanId &&
      other.start >= node.start &&
      other.end <= node.end &&
      (other.provider === null || node.provider === null || other.provider === node.provider),
  );
}

/** The `traceId/spanId` keys of the spans that repeat usage counted on another span, per the rules above. */
export function spansRepeatingUsage(nodes: readonly UsageNode[]): Set<string> {
  const repeating = new Set<string>();
  if (!nodes.some((node) => node.wrapperKind !== null)) return repeating;
  const children = childrenByParent(nodes);
  for (const node of nodes) {
    if (node.wrapperKind === null || !node.carriesUsage) continue;
    if (hasUsageBelow(node, children) || (node.wrapperKind === 'framework' && hasCallBeside(node, nodes))) {
      repeating.add(`${node.traceId}/${node.spanId}`);
    }
  }
  return repeating;
}
