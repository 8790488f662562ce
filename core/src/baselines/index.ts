/** Rolling, robust baselines of LLM calls (issue #17): pure, for the quality stage and the alerter. */
export {
  MAD_TO_SIGMA,
  quantileSorted,
  median,
  medianAbsoluteDeviation,
  robustStat,
  robustSpread,
  robustZ,
  relativeChange,
  type RobustStat,
  type SpreadFloor,
} from './robust-stats.js';
export {
  baselineOf,
  baselinesByEndpoint,
  baselinesByService,
  endpointKey,
  DEFAULT_BASELINE_MIN_SAMPLES,
  type Baseline,
  type BaselineOptions,
  type CallObservation,
  type LatencyBaseline,
} from './baseline.js';
export { RollingWindow, type RollingWindowOptions } from './rolling-window.js';
