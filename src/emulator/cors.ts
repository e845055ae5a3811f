/**
 * CORS, only when asked for: answers to one configured origin (or `*`) are readable from a browser
 * page of that origin. Without it the server sends no CORS headers, and browsers keep other pages
 * from reading its answers.
 */
import type { EmulatorResponse } from "./envelope.js";

export interface Cors {
  /** The answer to a preflight (`OPTIONS`) from `origin`. */
  preflight(origin: string | undefined, requestedHeaders: string | undefined): EmulatorResponse;
  /** The headers to add to an answer to a request from `origin`. */
  headers(origin: string | undefined): Record<string, string>;
}

export function createCors(allowed: string): Cors {
  const allows = (origin: string | undefined) => allowed === "*" || origin === allowed;
  const headers = (origin: string | undefined): Record<string, string> => ({
    ...(allowed === "*" ? {} : { vary: "origin" }),
    ...(allows(origin)
      ? {
          "access-control-allow-origin": allowed,
          // the retry advice a browser client needs: not readable cross-origin otherwise
          "access-control-expose-headers": "retry-after, x-should-retry",
        }
      : {}),
  });
  return {
    headers,
    preflight: (origin, requestedHeaders) => ({
      status: 204,
      headers: {
        ...headers(origin),
        ...(allows(origin)
          ? {
              "access-control-allow-methods": "POST",
              "access-control-allow-headers": requestedHeaders ?? "authorization, content-type",
              "access-control-max-age": "600",
            }
          : {}),
      },
      body: "",
    }),
  };
}
