/**
 * The options users pass to the client. Their JSDoc is what an editor shows: keep it exact. The
 * `@default` values are the ones in `defaults.ts` (a test holds them equal).
 */
import type { Operation } from "../internal/openapi.js";

/** What {@link ReliabilityOptions.onRetry} is told before each retry. */
export interface RetryInfo {
  /** The operationId, e.g. `queues-pull-messages`. */
  operation: string;
  /** Which retry this is: 1 for the first. */
  attempt: number;
  /** Why the previous attempt failed. */
  error: Error;
  /** How long cfq waits before the retry, in ms. */
  delayMs: number;
}

/** Exponential backoff with full jitter between retries. */
export interface BackoffOptions {
  /**
   * The first retry waits a random time below this, in ms; each later one, below twice the one before.
   * @default 500
   */
  baseMs?: number;
  /**
   * No wait is drawn from a range above this, in ms.
   * @default 8000
   */
  capMs?: number;
}

/**
 * Retries, timeouts and their hooks. Set them on the client for every call, or on one call (the
 * call's value wins).
 *
 * What is retried: 429 (waiting as `retry-after-ms`, `Retry-After` or `x-ratelimit-reset` asks), 500,
 * 502, 503, 504, the overload codes 10250/10251 and 15000 (also in a `success: false` envelope on a
 * 2xx), network errors and attempt timeouts. Never: other 4xx (400, 401, 403, 404, 405, 409, 413,
 * 422), redirects, the disabled-queue and quota codes 10252/10253, or anything after `signal` aborted.
 */
export interface ReliabilityOptions {
  /**
   * Retries after the first attempt.
   * @default 2
   */
  maxRetries?: number;
  /**
   * Which failures of a push (`send`, `sendBatch`) are retried. A push is not idempotent: when the
   * answer is lost after Cloudflare applied it, a retry enqueues a duplicate.
   * - `"safe"`: only failures where the request provably did not reach the queue (connection
   *   refused, DNS failure, 429, 503 with `Retry-After`): no duplicates, fewer recoveries.
   * - `"always"`: every retryable failure: at-least-once, duplicates possible (deduplicate on your side).
   * - `"never"`: no retries.
   * The other operations (`pull`, `ack`, …) are idempotent and retry every retryable failure
   * regardless (a retried pull only delays messages; a retried ack reports already-settled leases
   * in `warnings`).
   * @default "safe"
   */
  retryPushes?: "always" | "safe" | "never";
  /**
   * Time limit of one attempt, in ms. A timed-out attempt is retried like a network error.
   * @default 30000
   */
  timeoutMs?: number;
  /**
   * Time limit of the whole call, waits between attempts included, in ms. A retry whose wait would
   * end past it is not attempted: the call rejects with a `TimeoutError`.
   * @default undefined (no limit)
   */
  deadlineMs?: number;
  /**
   * Exponential backoff with full jitter between retries: the n-th wait is a random time between 0
   * and `min(capMs, baseMs × 2^(n-1))`, unless the answer said how long to wait.
   * @default { baseMs: 500, capMs: 8000 }
   */
  backoff?: BackoffOptions;
  /**
   * The longest single wait cfq accepts from `Retry-After` and friends, in ms; a longer request is cut
   * to this.
   * @default 60000
   */
  maxRetryAfterMs?: number;
  /** Called before each retry, e.g. to log it. */
  onRetry?: (info: RetryInfo) => void;
}

/** An operation's short name: `push`, `batch`, `pull`, `ack`, `peek`, `purge` or `extend`. */
export type OperationShortName = Operation["shortName"];

/**
 * The client-wide request-rate limit. Cloudflare's API allows an account about 1,200 requests per
 * 5 minutes, and counts push and batch push against it (pull and ack are exempt), so by default
 * cfq paces exactly those. No window of `perMs` ever holds more than `requests` paced requests
 * (retries included) from one client, across all its queues and producers; the rest wait their
 * turn, in order. A 429 on a paced operation pauses them all for the time the answer asked for.
 * The limiter delays requests, it never fails them: a wait ends only by the call's `signal` or
 * `deadlineMs`.
 */
export interface RateLimitOptions {
  /**
   * Paced requests allowed in any window of `perMs`.
   * @default 1200
   */
  requests?: number;
  /**
   * The window's length, in ms.
   * @default 300000
   */
  perMs?: number;
  /**
   * Which operations are paced, by short name.
   * @default ["push", "batch"]
   */
  operations?: OperationShortName[];
}

/** Options that every call accepts, next to its own options. */
export interface RequestOptions extends ReliabilityOptions {
  /**
   * Aborts the call at once, with no further attempt: it rejects with an error whose `name` is
   * `AbortError` (its `cause` is the signal's reason).
   */
  signal?: AbortSignal;
}

/** How to reach Cloudflare, and as whom. Exactly one credential scheme must be given. */
export type QueuesClientOptions = TokenAuth | KeyAuth;

/** The client's options; its {@link ReliabilityOptions} are the defaults of every call. */
interface CommonClientOptions extends ReliabilityOptions {
  /** The Cloudflare account id (32 hex characters). */
  accountId: string;
  /**
   * The API's base URL: an absolute `http:` or `https:` URL (a trailing slash is ignored).
   * @default "https://api.cloudflare.com/client/v4"
   * @example "http://127.0.0.1:8787/client/v4" // a local `cfq serve`
   */
  baseUrl?: string;
  /**
   * The transport: any WHATWG-compatible `fetch`. Pass `emulator.fetch` from `cfq/emulator` to reach
   * an in-process emulator with no socket, or a recording wrapper in tests.
   * @default globalThis.fetch (looked up at each call)
   */
  fetch?: typeof fetch;
  /**
   * Extra headers sent with every request (e.g. a `User-Agent`). Credentials go in their own
   * options, never here: cfq keeps them out of errors only when it knows them.
   */
  headers?: Record<string, string>;
  /**
   * The request-rate limit shared by every queue, producer and call of this client; `false` turns it
   * off (for a local emulator, say).
   * @default { requests: 1200, perMs: 300000, operations: ["push", "batch"] }
   */
  rateLimit?: false | RateLimitOptions;
}

/** Authenticate with an API token (preferred): `Authorization: Bearer <token>`. */
export interface TokenAuth extends CommonClientOptions {
  /** An API token with the Queues Write (dashboard: Queues Edit) permission. Never logged. */
  apiToken: string;
  apiEmail?: never;
  apiKey?: never;
}

/** Authenticate with the legacy Global API Key: `X-Auth-Email` + `X-Auth-Key`, always together. */
export interface KeyAuth extends CommonClientOptions {
  apiToken?: never;
  /** The account's email address. Never logged. */
  apiEmail: string;
  /** The Global API Key. Never logged. */
  apiKey: string;
}

/** Options of {@link Queue.send} for a JSON message (the default content type). */
export interface JsonSendOptions extends RequestOptions {
  /** `json` (the default): the body is a JSON object. */
  contentType?: "json";
  /** Seconds (0 to 86400) before the message can be delivered. */
  delaySeconds?: number;
}

/** Options of {@link Queue.send} for a text message. */
export interface TextSendOptions extends RequestOptions {
  /** `text`: the body is a string. Required for string bodies. */
  contentType: "text";
  /** Seconds (0 to 86400) before the message can be delivered. */
  delaySeconds?: number;
}

/** Options of {@link Queue.sendBatch}. */
export interface SendBatchOptions extends RequestOptions {
  /** Seconds (0 to 86400) before the batch's messages can be delivered; a message's own `delaySeconds` wins. */
  delaySeconds?: number;
}

/** Options of {@link Queue.pull}. */
export interface PullOptions extends RequestOptions {
  /** The most messages to lease, 1 to 100. Defaults to the consumer's setting (5). */
  batchSize?: number;
  /**
   * How long the lease lasts, 1 to 43,200,000 ms. Until it ends, no other pull sees the messages;
   * after it, unsettled messages are delivered again. Defaults to the consumer's setting (30 s).
   */
  visibilityTimeoutMs?: number;
}

/** Options of {@link Queue.peek}. */
export interface PeekOptions extends RequestOptions {
  /** The most messages to return, 1 to 100. Defaults to the consumer's setting (5). */
  batchSize?: number;
}

/** Options of {@link Queue.extend}. */
export interface ExtendOptions extends RequestOptions {
  /**
   * How long from now each lease lasts, 1 to 43,200,000 ms. Defaults to the consumer's visibility
   * timeout (30 s).
   */
  visibilityTimeoutMs?: number;
}
