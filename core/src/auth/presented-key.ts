/**
 * The key a request presents: `Authorization: Bearer <key>` or `x-api-key: <key>` (HTTP headers
 * or gRPC metadata alike); null when it presents none.
 */
export function presentedKey(header: (name: string) => string | undefined | null): string | null {
  const authorization = header('authorization');
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return match[1]!.trim();
  }
  const direct = header('x-api-key');
  return direct ? direct.trim() : null;
}
