import { ApiError } from '../api/client';
import { ApiKeyForm } from './ApiKeyForm';

/** An error as a message, never a blank page; a 401 asks for the API key right there. */
export function ErrorMessage({ error, what, action }: { error: unknown; what: string; action?: string }) {
  if (error instanceof ApiError && error.status === 401) {
    return (
      <div className="message error" role="alert" data-testid="auth-required">
        <strong>An API key is needed to {action ?? `load ${what}`}.</strong> <span>{error.message}</span>
        <ApiKeyForm />
      </div>
    );
  }
  const text = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? ` (${error.code})` : '';
  return (
    <div className="message error" role="alert">
      <strong>Could not {action ?? `load ${what}`}{code}.</strong> <span>{text}</span>
    </div>
  );
}
