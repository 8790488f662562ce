/** Starts a service and stops it gracefully on SIGTERM/SIGINT; exits non-zero if start fails. */
export async function runUntilSignal(service: { start(): Promise<unknown>; stop(): Promise<void> }): Promise<void> {
  try {
    await service.start();
  } catch (error) {
    console.error(JSON.stringify({ level: 'fatal', msg: 'failed to start', err: String(error) }));
    process.exit(1);
  }
  let stopping: Promise<void> | null = null;
  // A second signal must not cut the first graceful stop short.
  const shutdown = () => {
    stopping ??= service.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
