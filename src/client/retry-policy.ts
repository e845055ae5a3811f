/**
 * Which failures are worth another attempt, whether a failed request provably never reached the
 * queue, and how long to wait. Pure functions: the loop that uses them is in `retry.ts`.
 */
import { CloudflareApiError, InvalidResponseError, NetworkError, TimeoutError } from "../core/errors.js";

export interface Verdict {
  /** Another attempt may succeed. */
  retryable: boolean;
  /** The request provably did not change the queue, so even a push may be retried without a duplicate. */
  safe: boolean;
}

const NEVER: Verdict = { retryable: false, safe: false };
const MAYBE_APPLIED: Verdict = { retryable: true, safe: false };
const NOT_APPLIED: Verdict = { retryable: true, safe: true };

/** Codes that say "back off and try again" whatever the status: overload, storage full, internal error. */
const RETRYABLE_CODES = [10250, 10251, 15000];
/** Overload codes: the request was refused before it was applied. */
const REFUSED_CODES = [10250, 10251];
/** Codes that come with 429 but do not pass with time: the queue is disabled, the free quota is used up. */
const PERMANENT_CODES = [10252, 10253];
/** Transport codes that mean the request never left: nothing can have been applied. */
const NEVER_SENT = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"];

export function classify(error: unknown): Verdict {
  if (error instanceof NetworkError)
    return error.code && NEVER_SENT.includes(error.code) ? NOT_APPLIED : MAYBE_APPLIED;
  if (error instanceof TimeoutError) return MAYBE_APPLIED;
  if (!(error instanceof CloudflareApiError)) return NEVER;
  if (error instanceof InvalidResponseError) {
    // A redirect or a runaway body: the same server would answer the same.
    if (error.reason === "redirect" || error.reason === "too-large") return NEVER;
    // An unreadable 2xx may be the lost answer to a request that was applied.
    if (error.status >= 200 && error.status < 300) return MAYBE_APPLIED;
  }
  const { status, code } = error;
  if (code !== undefined && PERMANENT_CODES.includes(code)) return NEVER;
  if (status === 429) return NOT_APPLIED; // refused by the rate limiter
  if (status === 503) return error.retryAfterMs !== undefined ? NOT_APPLIED : MAYBE_APPLIED;
  if (status === 500 || status === 502 || status === 504) return MAYBE_APPLIED;
  if (status >= 200 && status < 300 && code !== undefined && RETRYABLE_CODES.includes(code)) {
    // `success: false` on a 2xx: retried only when its code says so, like the matching status.
    return REFUSED_CODES.includes(code) ? NOT_APPLIED : MAYBE_APPLIED;
  }
  return NEVER;
}

/** The wait an answer asks for: `retry-after-ms`, then `Retry-After` (seconds or a date), then `x-ratelimit-reset`. */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  for (const [name, msPerUnit] of [
    ["retry-after-ms", 1],
    ["retry-after", 1000],
    ["x-ratelimit-reset", 1000],
  ] as const) {
    const value = headers.get(name)?.trim();
    if (!value) continue;
    const wait = /^\d+(\.\d+)?$/.test(value) ? Number(value) * msPerUnit : Date.parse(value) - now;
    if (!Number.isNaN(wait)) return Math.max(0, wait); // an unreadable value is skipped
  }
  return undefined;
}

export interface BackoffInput {
  /** The failure that is being retried. */
  error: unknown;
  /** Which retry this is: 1 for the first. */
  retry: number;
  baseMs: number;
  capMs: number;
  /** The longest wait accepted from the answer itself. */
  maxRetryAfterMs: number;
  random?: () => number;
}

/**
 * The wait before a retry: what the answer asked for, capped at `maxRetryAfterMs`, or else full
 * jitter: a random time in [0, min(capMs, baseMs × 2^(retry-1))).
 */
export function retryDelay({
  error,
  retry,
  baseMs,
  capMs,
  maxRetryAfterMs,
  random = Math.random,
}: BackoffInput): number {
  const asked = error instanceof CloudflareApiError ? error.retryAfterMs : undefined;
  if (asked !== undefined) return Math.min(asked, maxRetryAfterMs);
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** (retry - 1)));
}
