/** A Lumina client exporting to an in-memory exporter, for asserting on the spans it sends. */
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { initLumina, type LuminaClient, type LuminaOptions } from '../../src/index.js';

/** A client and what it exported. */
export interface InMemoryLumina {
  lumina: LuminaClient;
  exporter: InMemorySpanExporter;
  /** Flushes, then returns every span exported so far. */
  exportedSpans(): Promise<ReadableSpan[]>;
  /** Flushes, then the one exported span with this name (fails when there is not exactly one). */
  exportedSpan(name: string): Promise<ReadableSpan>;
}

/** `initLumina` with an InMemorySpanExporter in place of OTLP. */
export function inMemoryLumina(options: Partial<LuminaOptions> = {}): InMemoryLumina {
  const exporter = new InMemorySpanExporter();
  const lumina = initLumina({ service_name: 'sdk-tests', ...options, spanExporter: exporter, batch: { scheduledDelayMillis: 10, ...options.batch } });
  async function exportedSpans(): Promise<ReadableSpan[]> {
    await lumina.flush();
    return exporter.getFinishedSpans();
  }
  return {
    lumina,
    exporter,
    exportedSpans,
    async exportedSpan(name) {
      const matching = (await exportedSpans()).filter((span) => span.name === name);
      if (matching.length !== 1) throw new Error(`expected one span named ${name}, found ${matching.length}`);
      return matching[0]!;
    },
  };
}

/** A JSON attribute, parsed. */
export function jsonAttribute(span: ReadableSpan, key: string): unknown {
  const value = span.attributes[key];
  if (typeof value !== 'string') throw new Error(`attribute ${key} is not a string: ${String(value)}`);
  return JSON.parse(value);
}
