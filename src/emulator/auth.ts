/** Checks credentials against the configured tokens, as Cloudflare answers: 9106, 6003 or 10000. */
import { failures, type EmulatorResponse } from "./envelope.js";

export interface HeaderReader {
  get(name: string): string | null;
}

/** Compares in time that depends only on the lengths, not on where the strings differ. */
function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i % (b.length || 1));
  return diff === 0;
}

/** Every token is compared, so the time does not tell which one (if any) matched. */
function known(tokens: readonly string[], candidate: string): boolean {
  let found = false;
  for (const token of tokens) found = constantTimeEqual(token, candidate) || found;
  return found;
}

/** Returns a failure to send, or `undefined` when the request may proceed. */
export function checkAuth(tokens: readonly string[], headers: HeaderReader): EmulatorResponse | undefined {
  if (tokens.length === 0) return undefined;
  const authorization = headers.get("authorization");
  const email = headers.get("x-auth-email");
  const key = headers.get("x-auth-key");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return failures.badHeader({ code: 6111, message: "Invalid format for Authorization header" });
    return known(tokens, match[1]!) ? undefined : failures.authentication();
  }
  if (email === null || key === null) return failures.missingCredentials();
  return known(tokens, key) ? undefined : failures.authentication();
}
