/** Reads the Cloudflare v4 envelope of one exchange: the `result`, or a {@link CloudflareApiError}. */
import { CloudflareApiError, type CloudflareErrorItem } from "../core/errors.js";
import type { Exchange } from "../internal/openapi.js";
import { retryAfterMs } from "./retry-policy.js";

interface Envelope {
  success?: unknown;
  errors?: unknown;
  result?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * @param operation the operationId, for the error message
 * @param redact scrubs credentials from any text quoted from the body
 */
export function readEnvelope(
  operation: string,
  exchange: Exchange,
  redact: (text: string) => string,
): unknown {
  const { status, headers, text } = exchange;
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // leaves `body` the text: reported below as not JSON
  }
  const ok = status >= 200 && status < 300;
  if (!isObject(body) || typeof body.success !== "boolean") {
    const detail = notAnEnvelope(body, headers, redact);
    throw new CloudflareApiError({ ...failureInit(operation, status, headers), errors: [], detail });
  }
  const envelope = body as Envelope;
  if (!ok || envelope.success !== true) {
    const errors = errorItems(envelope.errors, redact);
    throw new CloudflareApiError({ ...failureInit(operation, status, headers), errors });
  }
  return envelope.result;
}

function failureInit(operation: string, status: number, headers: Headers) {
  return {
    operation,
    status,
    requestId: headers.get("cf-ray") ?? undefined,
    retryAfterMs: retryAfterMs(headers),
  };
}

function errorItems(errors: unknown, redact: (text: string) => string): CloudflareErrorItem[] {
  if (!Array.isArray(errors)) return [];
  return errors.filter(isObject).map((item) => ({
    ...(item as unknown as CloudflareErrorItem),
    code: typeof item.code === "number" ? item.code : Number(item.code),
    message: redact(String(item.message ?? "")),
  }));
}

function notAnEnvelope(body: unknown, headers: Headers, redact: (text: string) => string): string {
  const type = headers.get("content-type") ?? "no content-type";
  if (body === undefined || body === "")
    return `the response body is empty (${type}), not a Cloudflare v4 envelope`;
  if (typeof body === "string") {
    const excerpt = redact(body.replace(/\s+/g, " ").trim().slice(0, 120));
    return `the response body is not JSON (${type}): ${JSON.stringify(excerpt)}`;
  }
  return `the response body is JSON but not a Cloudflare v4 envelope (no boolean "success")`;
}
