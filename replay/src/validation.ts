import type { ZodError } from 'zod';
import { ReplayApiError } from './errors.js';

/**
 * The 400 of a failed validation: the first problem, naming the field by its path, with
 * every problem in details. Unknown fields get their own code: a typo (`modle`) must not
 * be silently ignored.
 */
export function validationError(error: ZodError): ReplayApiError {
  const unknown = error.issues.find((issue) => issue.code === 'unrecognized_keys');
  if (unknown && 'keys' in unknown) {
    const prefix = unknown.path.length > 0 ? `${unknown.path.join('.')}.` : '';
    const names = (unknown.keys as string[]).map((key) => prefix + key);
    return new ReplayApiError('unknown_parameter', `unknown field${names.length > 1 ? 's' : ''}: ${names.join(', ')}`, { parameters: names });
  }
  const problems = error.issues.map((issue) => ({ parameter: issue.path.join('.'), message: issue.message }));
  const first = problems[0] ?? { parameter: '', message: 'invalid' };
  return new ReplayApiError('invalid_parameter', `${first.parameter || 'body'}: ${first.message}`, {
    parameter: first.parameter,
    ...(problems.length > 1 ? { problems } : {}),
  });
}
