/** The emulator's answers: the v4 envelope, with Cloudflare's statuses and codes. */
import { MESSAGE_OVERHEAD_BYTES } from "./queue-state.js";
import { shortNames } from "./spec.js";

export interface EmulatorResponse {
  status: number;
  headers: Record<string, string>;
  /** The body text (JSON for every answer the emulator makes on purpose). */
  body: string;
  /** Fields of the request body the spec does not declare: ignored, and named in the request log. */
  ignoredFields?: string[];
}

export interface ErrorItem {
  code: number;
  message: string;
  source?: { pointer: string };
  error_chain?: { code: number; message: string }[];
}

const JSON_HEADERS = { "content-type": "application/json" } as const;

export function success(result: unknown): EmulatorResponse {
  return {
    status: 200,
    headers: { ...JSON_HEADERS },
    body: `{"success":true,"errors":[],"messages":[],"result":${JSON.stringify(result)}}`,
  };
}

export function failure(
  status: number,
  error: ErrorItem,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return {
    status,
    headers: { ...JSON_HEADERS, ...headers },
    body: JSON.stringify({ success: false, errors: [error], messages: [], result: null }),
  };
}

/** Why a push was refused: it would have passed `max_stored_bytes`. */
export interface StorageRefusal {
  neededBytes: number;
  storedBytes: number;
  maxStoredBytes: number;
}

/** Cloudflare's failures, by name, with the status and code the reference gives them. */
export const failures = {
  noRoute: (path: string) =>
    failure(400, {
      code: 7003,
      message: `Could not route to ${path}, perhaps your object identifier is invalid?`,
    }),
  missingCredentials: () =>
    failure(400, { code: 9106, message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers" }),
  badHeader: (chain: { code: number; message: string }) =>
    failure(400, { code: 6003, message: "Invalid request headers", error_chain: [chain] }),
  notJson: () =>
    failures.badHeader({
      code: 6105,
      message: "Invalid Content-Type header, valid values are application/json,multipart/form-data",
    }),
  authentication: () => failure(403, { code: 10000, message: "Authentication error" }),
  queueNotFound: () => failure(404, { code: 10104, message: "Queue not found" }),
  pullNotEnabled: () =>
    failure(405, { code: 0, message: "messages cannot be pulled unless http_pull mode is enabled" }),
  // Cloudflare documents no code for this one; like 408, 413 and 431 below, the emulator uses the HTTP status.
  paused: () => failure(409, { code: 409, message: "queue_delivery_paused" }, { "x-should-retry": "false" }),
  tooLarge: (limit: number) =>
    failure(413, { code: 413, message: `Request body is larger than ${limit} bytes` }),
  storageFull: ({ neededBytes, storedBytes, maxStoredBytes }: StorageRefusal) =>
    failure(429, {
      code: 10251,
      message:
        `Storage limit exceeded: this push needs ${neededBytes} bytes and the emulator already stores ` +
        `${storedBytes} of its max_stored_bytes limit of ${maxStoredBytes} bytes (each message counts ` +
        `its body plus ${MESSAGE_OVERHEAD_BYTES} bytes). Consume messages, or raise max_stored_bytes.`,
    }),
  malformedJson: (detail: string) =>
    failure(400, { code: 10208, message: `Request body is not valid JSON: ${detail}` }),
  requestTimeout: (ms: number) =>
    failure(408, {
      code: 408,
      message: `Request timeout: the request did not arrive within ${ms} ms (requestTimeoutMs)`,
    }),
  headersTooLarge: () => failure(431, { code: 431, message: "Request header fields too large" }),
  hostNotAllowed: (host: string) => {
    const name = host.replace(/:\d+$/, "");
    return failure(403, {
      code: 403,
      message:
        `Host "${host}" is not allowed: this emulator answers only loopback names (localhost, ` +
        `*.localhost, 127.x.x.x, [::1]) and the hosts it is told to allow, so that a web page cannot ` +
        `reach it by rebinding its own name to 127.0.0.1. To allow this one: cfq serve --allow-host ` +
        `${name}, or listen({ allowedHosts: ["${name}"] }).`,
    });
  },
  badHttp: (detail: string) => failure(400, { code: 400, message: `Not a valid HTTP request: ${detail}` }),
  // Cloudflare has no code for "not emulated" (it is the emulator's own answer): like 408, 413 and
  // 431, the code is the HTTP status, which no Cloudflare error code can be mistaken for.
  notEmulated: (operationId: string) =>
    failure(501, {
      code: 501,
      message:
        `${operationId} is not emulated by cfq: the emulator has the operations of cfq's spec ` +
        `(${shortNames.join(", ")}); ` +
        `use Cloudflare itself for this one`,
    }),
  internal: (detail: string) => failure(500, { code: 15000, message: `Unknown internal error: ${detail}` }),
  invalid: (code: number, message: string, pointer: string) =>
    failure(400, { code, message, ...(pointer ? { source: { pointer } } : {}) }),
};
