/**
 * Where the SDK's span processor goes: into the tracer provider the application already
 * registered (so spans also reach its other exporters), or into a NodeSDK the SDK starts.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { AlwaysOnSampler, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LuminaError } from '../errors.js';

/** How the SDK took part in the process's tracing. */
export interface TracingSetup {
  /** `attached`: added to the app's provider; `started`: a NodeSDK of the SDK's own */
  mode: 'attached' | 'started';
  /** Undoes the setup: removes the processor, or shuts the NodeSDK down. */
  stop(): Promise<void>;
}

/** A provider of `@opentelemetry/sdk-trace-base` 2.x keeps its processors in this list. */
interface ProviderInternals {
  addSpanProcessor?: (processor: SpanProcessor) => void;
  _activeSpanProcessor?: { _spanProcessors?: SpanProcessor[] };
}

/** The provider the application registered, or undefined when none was. */
function registeredProvider(): ProviderInternals | undefined {
  const global = trace.getTracerProvider() as { getDelegate?: () => unknown };
  const delegate = (global.getDelegate?.() ?? global) as ProviderInternals & { constructor?: { name?: string } };
  return delegate.constructor?.name === 'NoopTracerProvider' ? undefined : delegate;
}

function attach(provider: ProviderInternals, processor: SpanProcessor): TracingSetup {
  const list = provider._activeSpanProcessor?._spanProcessors;
  if (Array.isArray(list)) {
    list.push(processor);
  } else if (typeof provider.addSpanProcessor === 'function') {
    provider.addSpanProcessor(processor); // @opentelemetry/sdk-trace-base 1.x
  } else {
    throw new LuminaError(
      'provider_not_extensible',
      'a global TracerProvider is registered but the SDK cannot add its span processor to it; pass `client.spanProcessor` to your provider instead (initLumina({ ..., register: false }))',
    );
  }
  return {
    mode: 'attached',
    async stop() {
      if (Array.isArray(list)) {
        const index = list.indexOf(processor);
        if (index >= 0) list.splice(index, 1);
      }
      await processor.shutdown();
    },
  };
}

function start(processor: SpanProcessor, serviceName: string, resourceAttributes: Record<string, string>): TracingSetup {
  const sdk = new NodeSDK({
    serviceName,
    resource: resourceFromAttributes(resourceAttributes),
    spanProcessors: [processor],
    // Every span is recorded; the SDK's processor samples when a span ends (see sampling/).
    sampler: new AlwaysOnSampler(),
    instrumentations: [],
    // Traces only: no metric reader or log exporter from the environment's defaults.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return {
    mode: 'started',
    async stop() {
      await sdk.shutdown();
      // Release the globals this SDK registered, so that a later initLumina can register anew.
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** Adds the processor to the app's registered provider, or starts a NodeSDK around it. */
export function setUpTracing(processor: SpanProcessor, serviceName: string, resourceAttributes: Record<string, string>): TracingSetup {
  const existing = registeredProvider();
  return existing ? attach(existing, processor) : start(processor, serviceName, resourceAttributes);
}
