export function Loading({ what }: { what: string }) {
  return <div className="loading" aria-busy="true">Loading {what}…</div>;
}
