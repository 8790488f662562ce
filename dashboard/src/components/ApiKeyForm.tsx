import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { storeApiKey, storedApiKey } from '../api/api-key';

/** The API key field: saved in localStorage and sent as `Authorization: Bearer` on every call. */
export function ApiKeyForm({ compact = false }: { compact?: boolean }) {
  const [key, setKey] = useState(storedApiKey() ?? '');
  const [saved, setSaved] = useState(false);
  const client = useQueryClient();
  const save = (event: FormEvent) => {
    event.preventDefault();
    storeApiKey(key);
    setSaved(true);
    void client.invalidateQueries();
  };
  return (
    <form className={compact ? 'api-key compact' : 'api-key'} onSubmit={save}>
      <label>
        API key{' '}
        <input type="password" name="api-key" placeholder="lum_…" value={key} onChange={(event) => { setKey(event.target.value); setSaved(false); }} autoComplete="off" />
      </label>
      <button type="submit">Save key</button>
      {saved && <span className="hint">saved in this browser</span>}
    </form>
  );
}
