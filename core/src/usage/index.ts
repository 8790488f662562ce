/** Counting each LLM call once when several spans carry its usage. */
export { spansRepeatingUsage, type UsageNode } from './repeated-usage.js';
