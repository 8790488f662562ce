import type { Env, Hono } from 'hono';
import type { Registry } from 'prom-client';
import { errorBody } from '@lumina/core';

/** Why a service is not ready (stable code, human message), or null when it is. */
export interface NotReady {
  code: string;
  message: string;
}

export interface ServiceProbes {
  registry: Registry;
  /** null when the service can take work; a service that gives it gets `/ready` */
  notReady?: () => NotReady | null | Promise<NotReady | null>;
}

/**
 * `GET /health` (the process is up), `GET /metrics` (Prometheus text) and, when the service
 * has a readiness probe, `GET /ready` (it can take work now: load balancers stop sending while
 * it answers 503), the same on every service.
 */
export function addServiceRoutes<E extends Env>(app: Hono<E>, probes: ServiceProbes): void {
  app.get('/health', (c) => c.json({ status: 'ok' }));
  const { notReady } = probes;
  if (notReady) {
    app.get('/ready', async (c) => {
      const problem = await notReady();
      return problem === null ? c.json({ status: 'ready' }) : c.json(errorBody(problem.code, problem.message), 503);
    });
  }
  app.get('/metrics', async (c) => c.text(await probes.registry.metrics(), 200, { 'Content-Type': probes.registry.contentType }));
}
