/** Reads the Cloudflare v4 envelope of one exchange: the `result`, or a {@link CloudflareApiError}. */
import { CloudflareApiError, type CloudflareErrorItem } from "../core/errors.js";
import type { Exchange } from "../internal/openapi.js";
import { retryAfterMs } from "./retry-policy.js";

/**
 * @param operation the operationId, for the error message
 * @param redact scrubs credentials from any text quoted from the body
 */
export function readEnvelope(
  operation: string,
  { status, headers, text }: Exchange,
  redact: (text: string) => string,
): unknown {
  let body: { success?: unknown; errors?: unknown; result?: unknown } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: reported below
  }
  const isEnvelope = typeof body?.success === "boolean";
  if (isEnvelope && body!.success && status >= 200 && status < 300) return body!.result;
  const errors = isEnvelope && Array.isArray(body!.errors) ? (body!.errors as CloudflareErrorItem[]) : [];
  throw new CloudflareApiError({
    operation,
    status,
    errors: errors.map((item) => ({ ...item, message: redact(String(item?.message)) })),
    requestId: headers.get("cf-ray") ?? undefined,
    retryAfterMs: retryAfterMs(headers),
    // The excerpt tells a proxy's HTML page from an empty body or some other JSON.
    ...(isEnvelope
      ? {}
      : {
          detail: `the response is not a Cloudflare v4 envelope (${headers.get("content-type") ?? "no content-type"}): ${JSON.stringify(redact(text.replace(/\s+/g, " ").trim().slice(0, 120)))}`,
        }),
  });
}
