/**
 * `@lumina/sdk`: trace LLM calls with the OpenTelemetry gen_ai semantic conventions, for
 * Lumina or any OpenTelemetry backend.
 *
 * @packageDocumentation
 */
export { initLumina, type LuminaClient } from './client.js';
export { DEFAULT_ENDPOINT, type LuminaOptions } from './options.js';
export type { TraceLlmOptions } from './trace-llm.js';
export type { TraceOptions } from './trace-workflow.js';
export type { Prompt, PromptMessage } from './llm/prompt.js';
export type { Metadata } from './metadata.js';
export type { PriceTable, TokenPrice } from './pricing.js';
export type { SampleCondition, ValueMatcher } from './sampling/conditions.js';
export { SamplingSpanProcessor, type SamplingLimits } from './sampling/sampling-span-processor.js';
export type { SamplingPolicy } from './sampling/sampling-policy.js';
export type { Feedback } from './api/feedback.js';
export type { CapturedReplaySet, CreateReplaySetOptions, ReplayDiffResult, ReplaySet, ReplayTracesOptions } from './api/replay.js';
export { LuminaApiError, LuminaError, type LuminaErrorCode } from './errors.js';
export { GEN_AI, GENERAL, LUMINA } from './attribute-keys.js';
export type { MessagePart, SemconvMessage } from './llm/message-parts.js';
export { SDK_NAME, SDK_VERSION } from './version.js';
