/**
 * The retry stage: runs attempts until one succeeds, or the failure is not worth retrying (by its
 * kind, the operation's retry class and `retryPushes`), or the retries are used up, or the wait
 * would end past the deadline, or the caller aborts during the wait.
 */
import { AbortError, QueuesError, TimeoutError } from "../core/errors.js";
import type { Operation } from "../internal/openapi.js";
import { classify, retryDelay } from "./retry-policy.js";
import type { CallSettings } from "./settings.js";

/** When a call that starts now must end, in ms since the epoch (`Infinity`: no `deadlineMs`). */
export const deadlineOf = (call: CallSettings): number =>
  call.deadlineMs === undefined ? Infinity : Date.now() + call.deadlineMs;

/**
 * @param attempt one attempt; `deadline` is when the whole call must end (ms since the epoch, or
 *   `Infinity`), which bounds the attempt's own time limit
 * @param deadline when the whole call ends: a call sent as several requests passes the one it
 *   computed when it started, so that `deadlineMs` bounds all of them together
 */
export async function withRetries<T>(
  operation: Operation,
  call: CallSettings,
  attempt: (deadline: number) => Promise<T>,
  deadline = deadlineOf(call),
): Promise<T> {
  const id = operation.operationId;
  const policy = operation.retry === "push" ? call.retryPushes : "always";
  for (let retries = 0; ; retries++) {
    let failure: QueuesError;
    try {
      return await attempt(deadline);
    } catch (error) {
      if (!(error instanceof QueuesError)) throw error;
      failure = error;
    }
    const verdict = classify(failure);
    const worthRetrying = policy === "always" ? verdict.retryable : policy === "safe" && verdict.safe;
    if (!worthRetrying || retries >= call.maxRetries) throw withRetryCount(failure, retries);
    const delayMs = retryDelay({
      error: failure,
      retry: retries + 1,
      ...call.backoff,
      maxRetryAfterMs: call.maxRetryAfterMs,
    });
    if (Date.now() + delayMs >= deadline) {
      const detail = `retry ${retries + 1} would wait ${delayMs} ms, past the deadline of ${call.deadlineMs} ms (last failure: ${failure.message})`;
      throw withRetryCount(new TimeoutError({ operation: id, detail, cause: failure }), retries);
    }
    call.onRetry?.({ operation: id, attempt: retries + 1, error: failure, delayMs });
    const aborted = await sleep(delayMs, call.signal);
    if (aborted)
      throw withRetryCount(new AbortError({ operation: id, reason: call.signal!.reason }), retries + 1);
  }
}

function withRetryCount<E extends QueuesError>(error: E, retries: number): E {
  error.retries = retries;
  return error;
}

/** Waits between attempts; resolves to `true` instead if the signal aborts meanwhile. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(false);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
