/**
 * The one module that knows about the generated layer and openapi-fetch. Everything else in cfq talks
 * to {@link Transport}, so either can be replaced without touching the facade's public API.
 *
 * The facade's calls do not go through openapi-fetch's runtime: it builds a WHATWG `Request` and
 * merges headers per call, which costs more than the rest of a call, and weighs more than the whole
 * facade in a bundle. Instead, URLs come from the generated operation table (method and path, from
 * the spec), and requests are plain `fetch(url, init)` calls. `raw` binds the generated operations,
 * typed by openapi-fetch, to a minimal client with openapi-fetch's calling convention (each generated
 * function is one `client[method](path, init)` call, so `raw` makes that call from the same table).
 */
import type * as generated from "../../generated/operations.js";
import { operations } from "../../generated/operations.js";
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
  text: string;
}

export interface TransportOptions {
  baseUrl: string;
  fetch: typeof fetch | undefined;
  headers: Record<string, string>;
}

export interface Transport {
  raw: RawOperations;
  /** The URL of an operation, its path parameters filled in (callers cache it). */
  url(name: OperationName, params: Record<string, string>): string;
  /** POSTs an already serialised JSON body. */
  call(name: OperationName, url: string, body: string, signal: AbortSignal | undefined): Promise<Exchange>;
}

const fill = (template: string, params: Record<string, unknown> = {}) =>
  template.replace(/\{([^}]+)\}/g, (_, key: string) => encodeURIComponent(String(params[key])));

export function createTransport(options: TransportOptions): Transport {
  const { baseUrl } = options;
  // Looked up per call, so a fetch installed (or mocked) after construction is used.
  const send = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const headers = { ...options.headers, "content-type": "application/json" };

  // openapi-fetch's calling convention ({ params, body } in; { data, error, response } out),
  // enough for the spec's JSON operations.
  const request = async (method: string, path: string, init: Record<string, any> = {}) => {
    const response = await send(baseUrl + fill(path, init.params?.path), {
      method,
      headers: { ...headers, ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    });
    const text = await response.text();
    let parsed: unknown = text;
    if (init.parseAs !== "text") {
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // keeps the text, as openapi-fetch does for error bodies
      }
    }
    return response.ok ? { data: parsed, response } : { error: parsed, response };
  };
  // Each generated operation is `client[method](path, init)`: the table says which method and path.
  const raw = {} as Record<OperationName, (init: object) => unknown>;
  for (const [name, { method, path }] of Object.entries(operations)) {
    raw[name as OperationName] = (init) => request(method, path, init);
  }

  return {
    raw: raw as RawOperations,
    url: (name, params) => baseUrl + fill(operations[name].path, params),
    async call(name, url, body, signal) {
      const response = await send(url, { method: operations[name].method, headers, body, signal });
      return { status: response.status, headers: response.headers, text: await response.text() };
    },
  };
}

/** The spec's operationId of a generated operation, e.g. `queues-pull-messages`. */
export const operationId = (name: OperationName): string => operations[name].operationId;
