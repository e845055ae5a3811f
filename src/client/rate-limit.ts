/**
 * The client-wide request-rate limiter, in the executor's pacing slot. Cloudflare's API budget
 * (1,200 requests per 5 minutes for push and batch push) belongs to the account, so one limiter
 * serves every queue, producer and call of a client. It delays requests and never fails them: only
 * the call's own signal or deadline ends a wait.
 *
 * A sliding log: the admission times of the last `requests` requests, in a ring. A request is
 * admitted once the oldest of them is `perMs` old, so no window of `perMs` ever holds more than
 * `requests` admissions (a token bucket allows twice that across a refill). Waiting requests are
 * admitted in arrival order. A 429 on a paced operation pauses every caller for the time the answer
 * asked for: the server knows the account's budget better than any one client.
 */
import { AbortError, CloudflareApiError, TimeoutError, type QueuesError } from "../core/errors.js";
import type { Operation } from "../internal/openapi.js";
import type { Pacer } from "./pacing.js";
import { classify } from "./retry-policy.js";
import type { CallSettings } from "./settings.js";

export interface RateLimitSettings {
  requests: number;
  perMs: number;
  /** The short names of the paced operations. */
  operations: readonly Operation["shortName"][];
}

export class RateLimiter implements Pacer {
  readonly #settings: RateLimitSettings;
  /** Admission times; once full, the oldest is at `#next`, where the next one is written. */
  readonly #log: number[] = [];
  #next = 0;
  #pausedUntil = 0;
  /** Each waiting request's way in, in arrival order. */
  readonly #waiting: (() => void)[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = 0;

  constructor(settings: RateLimitSettings) {
    this.#settings = settings;
  }

  admit(operation: Operation, call: CallSettings, deadline: number): Promise<void> | undefined {
    if (!this.#settings.operations.includes(operation.shortName)) return undefined;
    const { signal } = call;
    if (this.#waiting.length === 0 && !signal?.aborted && Date.now() >= this.#earliest()) {
      this.#record(Date.now());
      return undefined;
    }
    return new Promise((resolve, reject) => {
      const id = operation.operationId;
      const aborted = () => new AbortError({ operation: id, reason: signal!.reason });
      if (signal?.aborted) return reject(aborted());
      const { requests, perMs } = this.#settings;
      const detail = `the deadline of ${call.deadlineMs} ms passed while waiting for the rate limit (${requests} requests per ${perMs} ms)`;
      const admit = () => settle();
      const settle = (error?: QueuesError) => {
        clearTimeout(deadlineTimer);
        signal?.removeEventListener("abort", onAbort);
        if (!error) return resolve();
        this.#waiting.splice(this.#waiting.indexOf(admit), 1);
        this.#schedule();
        reject(error);
      };
      const onAbort = () => settle(aborted());
      const deadlineTimer =
        deadline < Infinity
          ? setTimeout(() => settle(new TimeoutError({ operation: id, detail })), deadline - Date.now())
          : undefined;
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiting.push(admit);
      this.#schedule();
    });
  }

  observe(operation: Operation, error: unknown, call: CallSettings): void {
    if (!this.#settings.operations.includes(operation.shortName)) return;
    const overBudget =
      error instanceof CloudflareApiError &&
      error.status === 429 &&
      error.retryAfterMs !== undefined &&
      classify(error).retryable; // not the permanent 429s (queue disabled, quota used up)
    if (!overBudget) return;
    const until = Date.now() + Math.min(error.retryAfterMs!, call.maxRetryAfterMs);
    this.#pausedUntil = Math.max(this.#pausedUntil, until);
    this.#schedule();
  }

  /** When the next request may be admitted. */
  #earliest(): number {
    const { requests, perMs } = this.#settings;
    const full = this.#log.length === requests;
    return Math.max(this.#pausedUntil, full ? this.#log[this.#next]! + perMs : 0);
  }

  #record(now: number): void {
    if (this.#log.length < this.#settings.requests) this.#log.push(now);
    else {
      this.#log[this.#next] = now;
      this.#next = (this.#next + 1) % this.#settings.requests;
    }
  }

  /** One timer, set for when the first waiter may go; moved only when that time moves (a pause). */
  #schedule(): void {
    const at = this.#waiting.length > 0 ? this.#earliest() : undefined;
    if (this.#timer !== undefined && at === this.#timerAt) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (at === undefined) return;
    this.#timerAt = at;
    this.#timer = setTimeout(this.#wake, Math.max(0, at - Date.now()));
  }

  readonly #wake = () => {
    this.#timer = undefined;
    const now = Date.now();
    while (this.#waiting.length > 0 && now >= this.#earliest()) {
      this.#record(now);
      this.#waiting.shift()!();
    }
    this.#schedule();
  };
}
