/**
 * Reads the Cloudflare v4 envelope of one exchange: its `result`, or the error that says what went
 * wrong. Everything quoted from the answer is scrubbed of credentials first.
 */
import { CloudflareApiError, InvalidResponseError, type CloudflareErrorItem } from "../core/errors.js";
import type { Redactor } from "../core/redact.js";
import { retryAfterMs } from "./retry-policy.js";
import type { Exchange } from "./transport.js";

interface Envelope {
  success: boolean;
  errors?: unknown;
  result?: unknown;
}

const EXCERPT_CHARS = 120;

export function readEnvelope(
  operation: string,
  { status, headers, text }: Exchange,
  redactor: Redactor,
): unknown {
  const common = {
    operation,
    status,
    requestId: redact(headers.get("cf-ray"), redactor),
    retryAfterMs: retryAfterMs(headers),
  };
  const invalid = (reason: "empty" | "not-json" | "not-envelope", what: string) =>
    new InvalidResponseError({ ...common, reason, detail: `${what}${excerpt(text, headers, redactor)}` });

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw text.trim() === ""
      ? invalid("empty", "the response body is empty")
      : invalid("not-json", "the response is not JSON");
  }
  if (!isEnvelope(body))
    throw invalid("not-envelope", "the response is JSON but not a Cloudflare v4 envelope");
  if (body.success && status >= 200 && status < 300) return body.result;
  const errors = Array.isArray(body.errors) ? (redactor.json(body.errors) as CloudflareErrorItem[]) : [];
  throw new CloudflareApiError({
    ...common,
    errors,
    ...(body.success ? { detail: `the envelope says success, but the status is ${status}` } : {}),
  });
}

const isEnvelope = (body: unknown): body is Envelope =>
  typeof body === "object" && body !== null && typeof (body as Envelope).success === "boolean";

const redact = (value: string | null, redactor: Redactor) =>
  value === null ? undefined : redactor.text(value);

/** ` (text/html): "<html>…"`: the start of the body tells a proxy's page from some other JSON. */
function excerpt(text: string, headers: Headers, redactor: Redactor): string {
  const type = headers.get("content-type") ?? "no content-type";
  // Scrubbed whole before it is cut, so that a credential across the cut cannot leave half of itself.
  const start = redactor.text(text).replace(/\s+/g, " ").trim().slice(0, EXCERPT_CHARS);
  return ` (${redactor.text(type)})${start ? `: ${JSON.stringify(start)}` : ""}`;
}
