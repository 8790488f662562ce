/**
 * Watches a streaming result without changing it: event-emitting stream helpers (Anthropic
 * `MessageStream`, OpenAI `ChatCompletionStream` / `ResponseStream`) through their own
 * events, and any other async iterable (the SDKs' `Stream`, async generators) by wrapping
 * the iterator its own `[Symbol.asyncIterator]` hands out. The object returned to the caller
 * is the same object, with the same prototype; chunks pass through as they are.
 */

/** Told about each chunk and, once, about the end of the stream. */
export interface StreamObserver {
  chunk(chunk: unknown): void;
  /** Called once: normal end, early `break` (no error), failure or abort (with the error). */
  end(error?: unknown): void;
}

type Listener = (...args: unknown[]) => void;
interface Emitter {
  on(event: string, listener: Listener): unknown;
}

/**
 * Stream helpers with events: the method that identifies them and the event carrying raw
 * chunks. First match wins: OpenAI's chat stream also has a `finalMessage` method.
 */
const EMITTER_KINDS: readonly { method: string; chunkEvent: string }[] = [
  { method: 'finalChatCompletion', chunkEvent: 'chunk' }, // OpenAI ChatCompletionStream
  { method: 'finalResponse', chunkEvent: 'event' }, // OpenAI ResponseStream
  { method: 'finalMessage', chunkEvent: 'streamEvent' }, // Anthropic MessageStream
];

function once(observer: StreamObserver): StreamObserver {
  let ended = false;
  return {
    chunk: (chunk) => {
      if (!ended) observer.chunk(chunk);
    },
    end: (error) => {
      if (ended) return;
      ended = true;
      observer.end(error);
    },
  };
}

function observeEmitter(stream: Emitter, chunkEvent: string, observer: StreamObserver): void {
  stream.on(chunkEvent, (chunk) => observer.chunk(chunk));
  // The helpers emit 'error' or 'abort' before 'end'; `once` keeps the first.
  stream.on('error', (error) => observer.end(error));
  stream.on('abort', (error) => observer.end(error));
  stream.on('end', () => observer.end());
}

function observingIterator(iterator: AsyncIterator<unknown>, observer: StreamObserver): AsyncIterableIterator<unknown> {
  const wrapped: AsyncIterableIterator<unknown> = {
    async next(...args: [] | [unknown]) {
      try {
        const step = await iterator.next(...args);
        if (step.done) observer.end();
        else observer.chunk(step.value);
        return step;
      } catch (error) {
        observer.end(error);
        throw error;
      }
    },
    async return(value?: unknown) {
      observer.end();
      return iterator.return ? iterator.return(value) : { done: true, value };
    },
    [Symbol.asyncIterator]() {
      return wrapped;
    },
  };
  if (iterator.throw) {
    wrapped.throw = async (error?: unknown) => {
      observer.end(error);
      return iterator.throw!(error);
    };
  }
  return wrapped;
}

function observeIterable(stream: AsyncIterable<unknown>, observer: StreamObserver): void {
  const original = stream[Symbol.asyncIterator];
  Object.defineProperty(stream, Symbol.asyncIterator, {
    configurable: true,
    writable: true,
    value: function observedIterator() {
      return observingIterator(original.call(stream), observer);
    },
  });
}

/**
 * Starts observing `value` when it is a stream and returns true; false (and no observation)
 * for any other value.
 */
export function observeStream(value: unknown, observer: StreamObserver): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  if (typeof record.on === 'function') {
    const kind = EMITTER_KINDS.find((candidate) => typeof record[candidate.method] === 'function');
    if (kind) {
      observeEmitter(value as Emitter, kind.chunkEvent, once(observer));
      return true;
    }
  }
  if (typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function') {
    observeIterable(value as AsyncIterable<unknown>, once(observer));
    return true;
  }
  return false;
}
