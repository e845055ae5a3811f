/**
 * One HTTP exchange: `fetch`, then the answer's body as text. Two defences against a hostile or
 * broken server live here, below everything else, so that no caller can skip them:
 * - redirects are never followed: the credentials would go with them (fetch strips `Authorization`
 *   on a cross-origin redirect, but not `X-Auth-Key`), and another origin's answer is not the API's;
 * - the body is read up to {@link LIMITS.maxResponseBytes} and no further, whatever `Content-Length`
 *   says (a compressed body can be far larger than its length).
 */
import { InvalidResponseError } from "../core/errors.js";
import { LIMITS } from "../core/limits.js";
import { readBounded } from "../core/read-bounded.js";
import type { Redactor } from "../core/redact.js";

/** What one HTTP exchange produced, before the v4 envelope is read. */
export interface Exchange {
  status: number;
  headers: Headers;
  text: string;
  /** The answer itself (its body already read), for callers that hand it on. */
  response: Response;
}

export interface ExchangeRequest {
  /** The operationId, for errors. */
  operation: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

export type Transport = (request: ExchangeRequest) => Promise<Exchange>;

const utf8 = new TextDecoder();

export function createTransport(fetch: typeof globalThis.fetch, redactor: Redactor): Transport {
  return async ({ operation, method, url, headers, body, signal }) => {
    const response = await fetch(url, { method, headers, body, signal, redirect: "manual" });
    refuseRedirect(operation, response, redactor);
    const text = await readAnswer(operation, response);
    return { status: response.status, headers: response.headers, text, response };
  };
}

/**
 * A 3xx (Node, Deno, Bun, workerd), an opaque redirect (browsers), or an answer from another URL (a
 * custom fetch that followed the redirect anyway) is refused.
 */
function refuseRedirect(operation: string, response: Response, redactor: Redactor): void {
  const followed = response.redirected;
  const isRedirect = (response.status >= 300 && response.status < 400) || response.type === "opaqueredirect";
  if (!isRedirect && !followed) return;
  void response.body?.cancel().catch(() => {});
  const target = followed ? response.url : response.headers.get("location");
  const where = target ? ` to ${JSON.stringify(redactor.text(target))}` : "";
  throw new InvalidResponseError({
    operation,
    status: response.status,
    reason: "redirect",
    requestId: response.headers.get("cf-ray") ?? undefined,
    detail: `the server ${followed ? "redirected the request" : "answered with a redirect"}${where}; cfq never follows redirects (the credentials would go with them, and another origin's answer is not the API's)`,
  });
}

async function readAnswer(operation: string, response: Response): Promise<string> {
  const limit = LIMITS.maxResponseBytes;
  const tooLarge = (size: string) =>
    new InvalidResponseError({
      operation,
      status: response.status,
      reason: "too-large",
      requestId: response.headers.get("cf-ray") ?? undefined,
      detail: `the response body is ${size}, more than any valid answer (at most ${limit} bytes); reading stopped there`,
    });
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > limit) {
    void response.body?.cancel().catch(() => {});
    throw tooLarge(`${declared} bytes (Content-Length)`);
  }
  if (!response.body) return "";
  const bytes = await readBounded(response.body, limit);
  if (!bytes) throw tooLarge(`over ${limit} bytes`);
  return utf8.decode(bytes);
}
