/**
 * The errors cfq throws: one class per kind of failure, all extending {@link QueuesError}.
 * None of them ever carries a credential: text that comes from the network is scrubbed before it
 * reaches an error (see `redact.ts`), and a refused credential is never shown or kept.
 */
import { describeValue } from "./describe.js";

/** One item of the Cloudflare v4 envelope's `errors` array. */
export interface CloudflareErrorItem {
  /** Cloudflare's numeric error code (may be below 1000: the "pull not enabled" error uses 0). */
  code: number;
  message: string;
  documentation_url?: string;
  source?: { pointer?: string };
  error_chain?: { code: number; message: string }[];
}

/** What a call sent as several requests had done when one of them failed: see {@link QueuesError.partial}. */
export interface PartialResult<Result = unknown> {
  /** The results of the requests that succeeded, added up. */
  result: Result;
  /** Lease ids or refs that were in the failed request or never sent: their outcome is unknown. */
  unconfirmed: string[];
}

/** What every {@link QueuesError} is built from, beside its message. */
export interface QueuesErrorInit {
  /** The operationId of the failed call, when the error belongs to one. */
  operation?: string | undefined;
  /** The underlying error, if any. */
  cause?: unknown;
}

/** The base class of every error cfq throws on purpose. */
export class QueuesError extends Error {
  override name = "QueuesError";
  /** The operationId of the failed call (`queues-pull-messages`, …), when the error belongs to one. */
  readonly operation: string | undefined;
  /** How many retries the call began (each announced to `onRetry`) before it failed with this error. */
  retries = 0;
  /**
   * For a call sent as several requests (an `ack`, `purge` or `extend` of more than 100 ids) whose
   * later request failed: what the earlier requests did, added up (an `AckResult`, `PurgeResult`
   * or `ExtendResult`), and the ids whose outcome is unknown, because they were in the failed
   * request or never sent. `undefined` otherwise.
   */
  declare partial: PartialResult | undefined;

  constructor(message: string, { operation, cause }: QueuesErrorInit = {}) {
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
  /** A sentence that replaces the envelope's errors in the message (for answers that are not envelopes). */
  detail?: string | undefined;
  /** The wait the answer asked for (`retry-after-ms`, `Retry-After` or `x-ratelimit-reset`), in ms. */
  retryAfterMs?: number | undefined;
}

/**
 * The API answered with a failure: a non-2xx status, or a 2xx whose envelope says `success: false`.
 * An answer that is not a usable envelope at all is its subclass {@link InvalidResponseError}.
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
    const details = init.errors.map((item) => `${item.code} ${item.message}`).join("; ");
    super(
      `Cloudflare API ${init.status} on ${init.operation}: ${init.detail ?? (details || "no error details")}`,
      {
        operation: init.operation,
      },
    );
    this.status = init.status;
    this.errors = init.errors;
    this.code = init.errors[0]?.code;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * Why an answer could not be used:
 * - `empty`: the body was empty;
 * - `not-json`: the body is not JSON (a proxy's HTML page, say);
 * - `not-envelope`: the body is JSON but not a Cloudflare v4 envelope;
 * - `redirect`: the server answered with a redirect, which cfq never follows (the credentials would
 *   go with it, and another origin's answer is not the API's);
 * - `too-large`: the body passed {@link LIMITS.maxResponseBytes}, more than any valid answer; reading
 *   stopped there.
 */
export type InvalidResponseReason = "empty" | "not-json" | "not-envelope" | "redirect" | "too-large";

/** What an {@link InvalidResponseError} is built from. */
export interface InvalidResponseErrorInit extends Omit<CloudflareApiErrorInit, "errors" | "detail"> {
  reason: InvalidResponseReason;
  /** What was wrong, in a sentence (quotes from the body are already scrubbed and shortened). */
  detail: string;
}

/** The answer was not a usable v4 envelope: see {@link InvalidResponseError.reason}. */
export class InvalidResponseError extends CloudflareApiError {
  override name = "InvalidResponseError";
  /** What was wrong with the answer. */
  readonly reason: InvalidResponseReason;

  constructor({ reason, ...init }: InvalidResponseErrorInit) {
    super({ ...init, errors: [] });
    this.reason = reason;
  }
}

/** What a {@link QueuesValidationError} is built from. */
export interface ValidationProblem {
  /** The offending field, as a path: `messages[3].body`, `batchSize`, `options.batch_size`, … */
  field: string;
  /** The refused value (leave it out for a credential: it is then neither shown nor kept). */
  value?: unknown;
  /** What the field must be, in words, read after "must be": `an integer from 1 to 100`, … */
  limit: string;
  /** How to show the value, when the value alone would not say it (`130000 bytes`, `a number`). */
  shown?: string | undefined;
  /** A hint that follows the message, e.g. `did you mean batchSize?`. */
  hint?: string | undefined;
  /** The whole message, when "… must be …; got …" does not fit (an unknown option, say). */
  message?: string | undefined;
}

/**
 * A call was refused before anything was sent, because an argument is not what the API (or cfq)
 * accepts. Names the field, the value and the limit.
 */
export class QueuesValidationError extends QueuesError {
  override name = "QueuesValidationError";
  /** The offending field, as a path: `messages[3].body`, `batchSize`, … */
  readonly field: string;
  /** The value that was refused (`undefined` for a refused credential, which is never kept). */
  readonly value: unknown;
  /** What the field must be, in words: `at most 128000 bytes of UTF-8`, `an integer from 1 to 100`, … */
  readonly limit: string;

  constructor({ field, value, limit, shown, hint, message }: ValidationProblem) {
    const got = shown ?? describeValue(value);
    super(message ?? `${field} must be ${limit}; got ${got}${hint ? ` (${hint})` : ""}`);
    this.field = field;
    this.value = value;
    this.limit = limit;
  }
}

/** What a {@link NetworkError} is built from. */
export interface NetworkErrorInit {
  operation: string;
  /** What the transport said, scrubbed of credentials. */
  detail: string;
  /** A scrubbed copy of the transport's error. */
  cause?: Error | undefined;
  /** The system error code, when the transport gave one. */
  code?: string | undefined;
}

/**
 * The request did not get an HTTP answer: connection refused or reset, DNS failure, TLS error, or
 * the transport threw. `cause` is a copy of the transport's error with credentials scrubbed.
 */
export class NetworkError extends QueuesError {
  override name = "NetworkError";
  /** The system error code when the transport gave one (`ECONNREFUSED`, `ENOTFOUND`, …). */
  readonly code: string | undefined;

  constructor({ operation, detail, cause, code }: NetworkErrorInit) {
    super(`Network error on ${operation}: ${detail}`, { operation, cause });
    this.code = code;
  }
}

/** What a {@link TimeoutError} is built from. */
export interface TimeoutErrorInit {
  operation: string;
  /** Which limit passed, in a sentence. */
  detail: string;
  /** The last failure before the deadline, if any. */
  cause?: unknown;
}

/** The call took too long: one attempt passed `timeoutMs`, or the whole call would pass `deadlineMs`. */
export class TimeoutError extends QueuesError {
  override name = "TimeoutError";
  constructor({ operation, detail, cause }: TimeoutErrorInit) {
    super(`Timeout on ${operation}: ${detail}`, { operation, cause });
  }
}

/** The caller's `signal` aborted the call. `cause` is the signal's reason. */
export class AbortError extends QueuesError {
  override name = "AbortError";
  constructor({ operation, reason }: { operation: string; reason: unknown }) {
    super(`${operation} was aborted`, { operation, cause: reason });
  }
}
