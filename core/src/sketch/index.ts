export {
  LATENCY_RELATIVE_ACCURACY,
  LATENCY_MIN_MS,
  LATENCY_MAX_MS,
  LATENCY_LOG_GAMMA,
  LATENCY_MAX_BUCKET,
  latencyBucketIndex,
  latencyBucketValueMs,
} from './latency-buckets.js';
export {
  type LatencySketch,
  latencySketchOf,
  mergeLatencySketches,
  latencySketchCount,
  latencySketchQuantile,
} from './latency-sketch.js';
