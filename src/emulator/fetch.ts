/**
 * The emulator as a `fetch` function: pass it to `QueuesClient({ fetch })` (or any fetch-based
 * client) to reach the emulator in-process, with no socket. Takes a `Request`, or a URL and an init.
 */
import { checkText, decodeBytes, readStream, type BodyText } from "./body.js";
import type { EmulatorResponse } from "./envelope.js";
import type { EmulatorRequest } from "./handler.js";

export type RequestHandler = (request: EmulatorRequest) => Promise<EmulatorResponse>;

async function bodyOf(input: RequestInfo | URL, init: RequestInit | undefined): Promise<BodyText> {
  const body = init?.body;
  if (typeof body === "string") return checkText(body); // the common case, and the client's
  if (body instanceof Uint8Array) return decodeBytes(body);
  if (body instanceof ArrayBuffer) return decodeBytes(new Uint8Array(body));
  // Anything else (streams, blobs, form data, a Request's own body): let a Request read it.
  const request = input instanceof Request && init === undefined ? input : new Request(input, init);
  return request.body ? readStream(request.body) : { text: undefined };
}

export function createFetch(handle: RequestHandler): typeof fetch {
  return async function emulatorFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const isRequest = input instanceof Request;
    const url = typeof input === "string" ? input : isRequest ? input.url : input.href;
    const method = init?.method ?? (isRequest ? input.method : "GET");
    const rawHeaders = init?.headers ?? (isRequest ? input.headers : undefined);
    const headers = rawHeaders instanceof Headers ? rawHeaders : new Headers(rawHeaders);
    const signal = init?.signal ?? (isRequest ? input.signal : undefined);
    signal?.throwIfAborted();
    const handled = handle({ method, url, headers, readBody: () => bodyOf(input, init) });
    let response;
    try {
      response = await (signal ? abortable(handled, signal) : handled);
    } catch (error) {
      // A dropped connection looks to fetch's callers like it does with a real fetch: a TypeError.
      if ((error as Error).name === "EmulatorDrop") throw new TypeError("fetch failed", { cause: error });
      throw error;
    }
    return new Response(response.body, { status: response.status, headers: response.headers });
  } as typeof fetch;
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts (as fetch does). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
