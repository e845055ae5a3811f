/**
 * The errors cfq throws: one class per kind of failure, all extending {@link QueuesError}.
 * None of them ever carries a credential: texts that come from the network are scrubbed before
 * they reach a message (see `internal/redact.ts`).
 */

/** One item of the Cloudflare v4 envelope's `errors` array. */
export interface CloudflareErrorItem {
  /** Cloudflare's numeric error code (may be below 1000: the "pull not enabled" error uses 0). */
  code: number;
  message: string;
  documentation_url?: string;
  source?: { pointer?: string };
  error_chain?: { code: number; message: string }[];
}

/** The base class of every error cfq throws on purpose. */
export class QueuesError extends Error {
  override name = "QueuesError";
  /** The operationId of the failed call (`queues-pull-messages`, …), when the error belongs to one. */
  readonly operation: string | undefined;
  /** How many retries the call began (each announced to `onRetry`) before it failed with this error. */
  retries = 0;

  constructor(message: string, operation?: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.operation = operation;
  }
}

/** What a {@link CloudflareApiError} is built from. */
export interface CloudflareApiErrorInit {
  /** The operationId of the failed call, e.g. `queues-pull-messages`. */
  operation: string;
  /** The HTTP status (a `success: false` envelope on a 200 keeps 200). */
  status: number;
  /** The envelope's `errors`, or `[]` when the body was not an envelope. */
  errors: CloudflareErrorItem[];
  /** The `cf-ray` header, when present: quote it to Cloudflare support. */
  requestId?: string | undefined;
  /** A sentence that replaces the envelope's errors in the message (used for bodies that are not envelopes). */
  detail?: string;
  /** The wait the answer asked for (`retry-after-ms`, `Retry-After` or `x-ratelimit-reset`), in ms. */
  retryAfterMs?: number | undefined;
}

/**
 * The API answered with a failure: a non-2xx status, or a 2xx whose envelope says `success: false`,
 * or a body that is not a v4 envelope at all.
 */
export class CloudflareApiError extends QueuesError {
  override name = "CloudflareApiError";
  /** The HTTP status. A `success: false` envelope on a 200 keeps `200`. */
  readonly status: number;
  /** The v4 envelope's error items (empty when the body was not an envelope). */
  readonly errors: CloudflareErrorItem[];
  /** The first error's code, if any. */
  readonly code: number | undefined;
  /** The `cf-ray` header of the answer, when present. */
  readonly requestId: string | undefined;
  /** The wait the answer asked for (`retry-after-ms`, `Retry-After` or `x-ratelimit-reset`), in ms, if any. */
  readonly retryAfterMs: number | undefined;

  constructor(init: CloudflareApiErrorInit) {
    const what =
      init.detail ?? (init.errors.map((e) => `${e.code} ${e.message}`).join("; ") || "no error details");
    super(`Cloudflare API ${init.status} on ${init.operation}: ${what}`, init.operation);
    this.status = init.status;
    this.errors = init.errors;
    this.code = init.errors[0]?.code;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * A call was refused before anything was sent, because an argument breaks a limit of the API.
 * Names the field, the value and the limit.
 */
export class QueuesValidationError extends QueuesError {
  override name = "QueuesValidationError";
  /** The offending field, as a path: `messages[3].body`, `batchSize`, … */
  readonly field: string;
  /** The value that was refused. */
  readonly value: unknown;
  /** The limit that was broken, in words: `at most 128000 bytes of UTF-8`, `an integer from 1 to 100`, … */
  readonly limit: string;

  /** @param shown how to show the value in the message, when the value alone would not say it (e.g. `130000 bytes`) */
  constructor(field: string, value: unknown, limit: string, shown?: string) {
    super(`${field} must be ${limit}; got ${shown ?? describe(value)}`);
    this.field = field;
    this.value = value;
    this.limit = limit;
  }
}

/** A short rendering of a refused value: never a whole body. */
function describe(value: unknown): string {
  const type = typeof value;
  if (type === "string")
    return (value as string).length > 40
      ? `a string of ${(value as string).length} characters`
      : JSON.stringify(value);
  if (type === "object" && value) return Array.isArray(value) ? `an array of ${value.length}` : "an object";
  return type === "function" || type === "symbol" ? `a ${type}` : String(value);
}

/**
 * The request did not get an HTTP answer: connection refused or reset, DNS failure, TLS error, or
 * the transport threw. `cause` is a copy of the transport's error with credentials scrubbed.
 */
export class NetworkError extends QueuesError {
  override name = "NetworkError";
  /** The system error code when the transport gave one (`ECONNREFUSED`, `ENOTFOUND`, …). */
  readonly code: string | undefined;

  constructor(operation: string, message: string, cause?: Error, code?: string) {
    super(`Network error on ${operation}: ${message}`, operation, cause);
    this.code = code;
  }
}

/** The call took too long: one attempt passed `timeoutMs`, or the whole call would pass `deadlineMs`. */
export class TimeoutError extends QueuesError {
  override name = "TimeoutError";
  constructor(operation: string, message: string, cause?: unknown) {
    super(`Timeout on ${operation}: ${message}`, operation, cause);
  }
}

/** The caller's `signal` aborted the call. `cause` is the signal's reason. */
export class AbortError extends QueuesError {
  override name = "AbortError";
  constructor(operation: string, reason: unknown) {
    super(`${operation} was aborted`, operation, reason);
  }
}
