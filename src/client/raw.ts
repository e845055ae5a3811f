/**
 * `queues.raw`: the spec's operations with wire names, in openapi-fetch's calling convention
 * (`{ params, body }` in, `{ data, error, response }` out), bound to the client's base URL,
 * credentials and transport. One request each: no retries, no decoding; but the transport's
 * defences (no redirects, a bounded body) hold here too.
 */
import { operationUrl, operations, type RawOperations } from "../internal/openapi.js";
import type { Executor } from "./executor.js";

export function createRaw(executor: Executor): RawOperations {
  const raw: Record<string, (init: RawRequest) => Promise<unknown>> = {};
  for (const operation of Object.values(operations)) {
    raw[operation.name] = async ({ params, body, headers, signal }) => {
      const { response, text } = await executor.transport({
        operation: operation.operationId,
        method: operation.method,
        url: operationUrl(executor.settings.baseUrl, operation, params.path),
        headers: { ...headers, ...executor.settings.headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
      const parsed = parseJson(text);
      return response.ok ? { data: parsed, response } : { error: parsed, response };
    };
  }
  return raw as unknown as RawOperations;
}

interface RawRequest {
  params: { path: Record<string, string> };
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** The parsed body; the text itself when it is not JSON (as openapi-fetch keeps error bodies). */
function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
