import type { ZodError } from 'zod';
import { QueryApiError } from './errors.js';

/**
 * The 400 of a failed parameter validation: the first problem, naming the parameter, with
 * every problem in details. Unknown parameters get their own code (a typo must not be
 * silently ignored: `?servce=x` would otherwise return everything).
 */
export function validationError(error: ZodError): QueryApiError {
  const unknown = error.issues.find((issue) => issue.code === 'unrecognized_keys');
  if (unknown && 'keys' in unknown) {
    const names = unknown.keys as string[];
    return new QueryApiError('unknown_parameter', `unknown parameter${names.length > 1 ? 's' : ''}: ${names.join(', ')}`, { parameters: names });
  }
  const problems = error.issues.map((issue) => ({ parameter: String(issue.path[0] ?? ''), message: issue.message }));
  const first = problems[0] ?? { parameter: '', message: 'invalid' };
  return new QueryApiError('invalid_parameter', `${first.parameter}: ${first.message}`, {
    parameter: first.parameter,
    ...(problems.length > 1 ? { problems } : {}),
  });
}
