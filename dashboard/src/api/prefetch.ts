/** The answer index.html started fetching before the app loaded (see its inline script). */
interface Prefetch {
  url: string;
  response: Promise<Response | null>;
}

declare global {
  interface Window {
    __luminaPrefetch?: Prefetch;
  }
}

/** Takes the prefetched response for `url` once (null when there is none, or it failed to connect). */
export function takePrefetched(url: string): Promise<Response | null> | null {
  const prefetch = window.__luminaPrefetch;
  if (!prefetch || prefetch.url !== url) return null;
  window.__luminaPrefetch = undefined;
  return prefetch.response;
}
