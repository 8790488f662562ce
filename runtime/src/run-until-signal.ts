/** Anything with an explicit lifecycle (STYLE.md 11). */
export interface Lifecycle {
  start(): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Starts a service and stops it gracefully on SIGTERM/SIGINT; exits non-zero if start fails.
 * A second signal must not cut the first graceful stop short, so every signal joins one stop.
 */
export async function runUntilSignal(service: Lifecycle, name: string): Promise<void> {
  try {
    await service.start();
  } catch (error) {
    console.error(JSON.stringify({ level: 'fatal', name, msg: 'failed to start', err: error instanceof Error ? error.message : String(error) }));
    process.exit(1);
  }
  let stopping: Promise<void> | null = null;
  const shutdown = () => {
    stopping ??= service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(JSON.stringify({ level: 'error', name, msg: 'stop failed', err: error instanceof Error ? error.message : String(error) }));
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
