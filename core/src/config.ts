import type { z } from 'zod';

/** A configuration value the environment got wrong; the message names every bad variable. */
export class ConfigError extends Error {
  readonly code = 'invalid_configuration';
}

/**
 * Parses a service's environment with its zod schema, then applies `overrides` (tests), and
 * fails with one readable message naming every bad variable. Pure: the environment is passed in.
 */
export function parseServiceConfig<Schema extends z.ZodType>(
  service: string,
  schema: Schema,
  env: Record<string, string | undefined>,
  overrides: Partial<z.output<Schema>> = {},
): z.output<Schema> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`invalid ${service} configuration: ${problems}`);
  }
  return { ...(parsed.data as object), ...overrides } as z.output<Schema>;
}
