/**
 * The one module that knows about openapi-fetch and the generated operations. Everything else in
 * cfq talks to {@link Transport}, so either dependency can be replaced without touching the facade.
 */
import createClient from "openapi-fetch";
import * as generated from "../../generated/operations.js";
import type { components } from "../../generated/schema.js";

export type Schemas = components["schemas"];
export type OperationName = generated.OperationName;

/** The generated typed operations (wire names), bound to one client's base URL, auth and transport. */
export type RawOperations = {
  [K in OperationName]: (init: Parameters<(typeof generated)[K]>[1]) => ReturnType<(typeof generated)[K]>;
};

/** What one HTTP exchange produced, before the v4 envelope is read. */
export interface Exchange {
  status: number;
  headers: Headers;
  /** The body text of a 2xx; for other statuses, the body JSON-parsed when it parses, else its text. */
  payload: unknown;
}

export interface TransportOptions {
  baseUrl: string;
  fetch: typeof fetch | undefined;
  headers: Record<string, string>;
}

export interface Transport {
  raw: RawOperations;
  call(
    name: OperationName,
    path: { account_id: string; queue_id: string },
    /** The request body, already serialised as JSON. */
    body: string,
    signal: AbortSignal | undefined,
  ): Promise<Exchange>;
}

/**
 * openapi-fetch builds a WHATWG `Request` per call, which costs more than the rest of the call.
 * This stand-in only keeps the fields, and the fetch wrapper below passes it on as a plain init.
 */
class LeanRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null | undefined;
  readonly signal: AbortSignal | null | undefined;
  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.method = init.method ?? "GET";
    this.headers = init.headers as Headers;
    this.body = init.body;
    this.signal = init.signal;
  }
}

const passThrough = (body: string) => body;

export function createTransport(options: TransportOptions): Transport {
  // Looked up per call, so a fetch installed (or mocked) after construction is used.
  const send =
    options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const client = createClient<import("../../generated/schema.js").paths>({
    baseUrl: options.baseUrl,
    headers: options.headers,
    Request: LeanRequest as unknown as typeof Request,
    fetch: (request: Request) => send(request.url, request as RequestInit),
  });
  const raw = {} as Record<OperationName, (init: never) => unknown>;
  for (const name of Object.keys(generated.operations) as OperationName[]) {
    raw[name] = (init) => generated[name](client, init);
  }
  return {
    raw: raw as RawOperations,
    async call(name, path, body, signal) {
      // The facade serialises (and size-checks) bodies itself, so they pass through untouched.
      const init = { params: { path }, body, bodySerializer: passThrough, parseAs: "text", signal } as never;
      const { data, error, response } = (await generated[name](client, init)) as {
        data?: unknown;
        error?: unknown;
        response: Response;
      };
      return { status: response.status, headers: response.headers, payload: response.ok ? data : error };
    },
  };
}

/** The spec's operationId of a generated operation, e.g. `queues-pull-messages`. */
export const operationId = (name: OperationName): string => generated.operations[name].operationId;
