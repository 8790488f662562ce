import { setTimeout as sleep } from 'node:timers/promises';

import { ALL_FAMILIES } from '../../../test/support/families.js';
import { otlpExporter, withTracer, type Transport } from '../../../test/support/otel.js';

export interface LlmTraffic {
  /** Spans and traces whose export the exporter reported as successful. */
  readonly counts: { spans: number; traces: number };
  /** Resolves once no export is in flight; no new one starts until resume(). */
  pause(): Promise<void>;
  resume(): void;
  /** Ends the loop; rejects with the first failed export, if any. */
  stop(): Promise<void>;
}

/**
 * Apps sending one LLM trace (a family of test/support/families.ts, in turn) every
 * `everyMs`, alternating OTLP/gRPC and OTLP/HTTP, to whatever `ports()` says. A send
 * counts once the exporter reported success; a failed export ends the loop and fails stop().
 */
export function startLlmTraffic(ports: () => { grpcPort: number; httpPort: number }, everyMs: number, tag: string): LlmTraffic {
  const counts = { spans: 0, traces: 0 };
  let paused = false;
  let stopped = false;
  let failure: unknown = null;
  let idle: () => void = () => {};
  const loop = (async () => {
    for (let i = 0; !stopped; i += 1) {
      if (paused) {
        idle();
        await sleep(20);
        i -= 1;
        continue;
      }
      const family = ALL_FAMILIES[i % ALL_FAMILIES.length]!(`${tag}-${i}`);
      const transport: Transport = i % 2 === 0 ? 'grpc' : 'http/protobuf';
      try {
        await withTracer(otlpExporter(transport, ports()), { 'service.name': `${tag}-app` }, (tracer) => void family.emit(tracer));
      } catch (error) {
        failure = error;
        return;
      }
      counts.spans += family.spanCount;
      counts.traces += 1;
      await sleep(everyMs);
    }
  })();
  return {
    counts,
    pause: () => {
      paused = true;
      return new Promise<void>((resolve) => (idle = resolve));
    },
    resume: () => {
      paused = false;
      idle = () => {};
    },
    async stop() {
      stopped = true;
      await loop;
      if (failure) throw failure;
    },
  };
}
