import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { SamplingSpanProcessor } from './sampling-span-processor.js';

function setUp(keepsTrace: boolean, maxHeldSpans = 100) {
  const exporter = new InMemorySpanExporter();
  const processor = new SamplingSpanProcessor(new SimpleSpanProcessor(exporter), { keepsTrace: () => keepsTrace, forcesKeep: (span) => span.name === 'keep me' }, { maxHeldSpans });
  const tracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('test');
  /** A root with the named children, each ended before the root. */
  const emitTrace = (...children: string[]) => {
    const root = tracer.startSpan('root');
    const ctx = trace.setSpan(context.active(), root);
    for (const name of children) tracer.startSpan(name, {}, ctx).end();
    root.end();
  };
  return { exporter, processor, emitTrace };
}

describe('SamplingSpanProcessor', () => {
  it('passes every span of a trace the rate keeps, holding nothing', () => {
    const { exporter, processor, emitTrace } = setUp(true);
    emitTrace('a', 'b');
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['a', 'b', 'root']);
    expect(processor.heldSpanCount()).toBe(0);
  });

  it('drops a trace the rate leaves out once its root ends, and holds nothing after', () => {
    const { exporter, processor, emitTrace } = setUp(false);
    emitTrace('a', 'b');
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(processor.heldSpanCount()).toBe(0);
  });

  it('keeps the whole trace, spans held before included, when one span matches a condition', () => {
    const { exporter, emitTrace } = setUp(false);
    emitTrace('a', 'keep me', 'c');
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['a', 'keep me', 'c', 'root']);
  });

  it('holds at most maxHeldSpans, dropping the oldest undecided trace first', () => {
    const { processor, exporter } = setUp(false, 3);
    const tracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('test');
    const roots = [tracer.startSpan('root 1'), tracer.startSpan('root 2')];
    for (const root of roots) for (let i = 0; i < 2; i++) tracer.startSpan('child', {}, trace.setSpan(context.active(), root)).end();
    expect(processor.heldSpanCount()).toBe(2); // trace 1 was dropped when trace 2's second child came
    tracer.startSpan('keep me', {}, trace.setSpan(context.active(), roots[1]!)).end();
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['child', 'child', 'keep me']);
  });
});
