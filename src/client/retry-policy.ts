/**
 * Which failures are worth another attempt, whether the request provably never reached the queue,
 * and how long to wait. Pure functions: the loop that uses them is in `call.ts`.
 */
import { CloudflareApiError, NetworkError, TimeoutError } from "../core/errors.js";

export interface Verdict {
  /** Another attempt may succeed. */
  retryable: boolean;
  /** The request provably did not change the queue, so even a push may be retried without a duplicate. */
  safe: boolean;
}

const NO: Verdict = { retryable: false, safe: false };
const UNSAFE: Verdict = { retryable: true, safe: false };
const SAFE: Verdict = { retryable: true, safe: true };

/** Codes that say "back off and try again" whatever the status: overload, storage full, internal error. */
const RETRYABLE_CODES = [10250, 10251, 15000];
/** Codes that come with 429 but do not pass with time: the queue is disabled, the free quota is used up. */
const PERMANENT_CODES = [10252, 10253];
/** Transport codes that mean the request never left: nothing can have been applied. */
const NEVER_SENT = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"];

export function classify(error: unknown): Verdict {
  if (error instanceof NetworkError) return error.code && NEVER_SENT.includes(error.code) ? SAFE : UNSAFE;
  if (error instanceof TimeoutError) return UNSAFE;
  if (!(error instanceof CloudflareApiError)) return NO;
  const { status, code } = error;
  if (code !== undefined && PERMANENT_CODES.includes(code)) return NO;
  if (status === 429) return SAFE; // refused by the rate limiter: not applied
  if (status === 503) return error.retryAfterMs !== undefined ? SAFE : UNSAFE;
  if (status === 500 || status === 502 || status === 504) return UNSAFE;
  if (status >= 200 && status < 300) {
    // A 2xx whose envelope says success: false: only when its code says so, like the matching status.
    if (error.errors.length === 0) return UNSAFE; // not an envelope at all: the answer was lost
    if (code === 10250 || code === 10251) return SAFE;
    return code !== undefined && RETRYABLE_CODES.includes(code) ? UNSAFE : NO;
  }
  return NO;
}

/** The wait an answer asks for: `retry-after-ms`, then `Retry-After` (seconds or a date), then `x-ratelimit-reset`. */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  for (const [name, unit] of [
    ["retry-after-ms", 1],
    ["retry-after", 1000],
    ["x-ratelimit-reset", 1000],
  ] as const) {
    const value = headers.get(name)?.trim();
    if (!value) continue;
    const wait = /^\d+(\.\d+)?$/.test(value) ? Number(value) * unit : Date.parse(value) - now;
    if (wait === wait) return Math.max(0, wait); // NaN (an unreadable value) is skipped
  }
  return undefined;
}

/**
 * The wait before retry number `retry` (1-based): the answer's wish, capped at `maxAskedMs`, or
 * full-jitter backoff: a random time in [0, min(capMs, baseMs × 2^(retry-1))).
 */
export function retryDelay(
  error: unknown,
  retry: number,
  baseMs: number,
  capMs: number,
  maxAskedMs: number,
  random: () => number = Math.random,
): number {
  const asked = error instanceof CloudflareApiError ? error.retryAfterMs : undefined;
  if (asked !== undefined) return Math.min(asked, maxAskedMs);
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** (retry - 1)));
}
