/** The API key the user typed, kept in localStorage so a reload keeps it. */
const STORAGE_KEY = 'lumina.apiKey';

export function storedApiKey(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeApiKey(key: string | null): void {
  if (key === null || key.trim() === '') localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, key.trim());
}
