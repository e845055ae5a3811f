/**
 * Performs one operation: attempts under a timeout, the envelope, errors, and retries with backoff
 * within the deadline. The single path every facade call takes.
 */
import { check, checkInteger } from "../core/check.js";
import { AbortError, NetworkError, QueuesError, TimeoutError } from "../core/errors.js";
import { operationId, type OperationName, type Transport } from "../internal/openapi.js";
import { readEnvelope } from "./envelope.js";
import type { ReliabilityOptions, RequestOptions } from "./options.js";
import { classify, retryDelay } from "./retry-policy.js";

/** Calls an operation at `url` with a JSON body (already serialised); resolves to the envelope's `result`. */
export type Caller = (
  name: OperationName,
  url: string,
  body: string,
  options: RequestOptions,
) => Promise<unknown>;

/** Checks reliability options (at construction and per call), naming the bad one. */
export function checkReliability({
  maxRetries,
  timeoutMs,
  deadlineMs,
  maxRetryAfterMs,
  backoff = {},
  retryPushes,
}: ReliabilityOptions): void {
  checkInteger("maxRetries", maxRetries, 0);
  checkInteger("timeoutMs", timeoutMs, 1);
  checkInteger("deadlineMs", deadlineMs, 1);
  checkInteger("maxRetryAfterMs", maxRetryAfterMs, 0);
  checkInteger("backoff.baseMs", backoff.baseMs, 0);
  checkInteger("backoff.capMs", backoff.capMs, 0);
  check(
    !retryPushes || ["always", "safe", "never"].includes(retryPushes),
    "retryPushes",
    retryPushes,
    `one of "always", "safe", "never"`,
  );
}

/** @param defaults the client's options: every call's own options win over them */
export function createCaller(
  transport: Transport,
  redact: (text: string) => string,
  defaults: ReliabilityOptions,
): Caller {
  return async (name, url, body, options) => {
    checkReliability(options);
    const setting = <K extends keyof ReliabilityOptions>(key: K) => options[key] ?? defaults[key];
    const operation = operationId(name);
    const { signal } = options;
    const maxRetries = setting("maxRetries") ?? 2;
    const policy =
      name === "queuesPushMessage" || name === "queuesPushMessages"
        ? (setting("retryPushes") ?? "safe")
        : "always";
    const timeoutMs = setting("timeoutMs") ?? 30_000;
    const deadlineMs = setting("deadlineMs");
    const deadline = deadlineMs === undefined ? Infinity : Date.now() + deadlineMs;

    for (let retries = 0; ; retries++) {
      try {
        if (signal?.aborted) throw new AbortError(operation, signal.reason);
        const limit = Math.min(timeoutMs, deadline - Date.now());
        if (limit <= 0) throw new TimeoutError(operation, `the deadline of ${deadlineMs} ms passed`);
        const lease = lendTimeout();
        const timeout = lease.controller.signal;
        const timer = setTimeout(() => lease.controller.abort(), limit);
        let exchange;
        try {
          exchange = await transport.call(
            name,
            url,
            body,
            signal ? AbortSignal.any([signal, timeout]) : timeout,
          );
        } catch (error) {
          if (signal?.aborted) throw new AbortError(operation, signal.reason);
          if (timeout.aborted) {
            throw new TimeoutError(
              operation,
              limit < timeoutMs
                ? `the deadline of ${deadlineMs} ms passed`
                : `no answer within timeoutMs (${timeoutMs} ms)`,
            );
          }
          throw toNetworkError(operation, error, redact);
        } finally {
          clearTimeout(timer);
          giveBack(lease);
        }
        return readEnvelope(operation, exchange, redact);
      } catch (error) {
        if (!(error instanceof QueuesError)) throw error;
        const verdict = classify(error);
        let failure = error;
        if (
          retries < maxRetries &&
          (policy === "always" ? verdict.retryable : policy === "safe" && verdict.safe)
        ) {
          const backoff = setting("backoff");
          const delayMs = retryDelay(
            error,
            retries + 1,
            backoff?.baseMs ?? 500,
            backoff?.capMs ?? 8_000,
            setting("maxRetryAfterMs") ?? 60_000,
          );
          if (Date.now() + delayMs < deadline) {
            setting("onRetry")?.({ operation, attempt: retries + 1, error, delayMs });
            const aborted = await sleep(delayMs, signal, operation);
            if (!aborted) continue;
            failure = aborted;
          } else {
            const wait = `retry ${retries + 1} would wait ${delayMs} ms, past the deadline of ${deadlineMs} ms`;
            failure = new TimeoutError(operation, `${wait} (last failure: ${error.message})`, error);
          }
        }
        failure.retries = failure === error ? retries : retries + (failure instanceof AbortError ? 1 : 0);
        throw failure;
      }
    }
  };
}

/**
 * Timeout signals, reused: creating an AbortSignal costs about 4 µs in Node 20, more than the rest
 * of a call against a fast transport. A signal is lent to one attempt at a time, dropped once it
 * has aborted, and retired after a few uses, because a fetch may leave a listener on it each time.
 */
const idle: { controller: AbortController; uses: number }[] = [];

function lendTimeout() {
  const lease = idle.pop() ?? { controller: new AbortController(), uses: 0 };
  lease.uses++;
  return lease;
}

function giveBack(lease: { controller: AbortController; uses: number }): void {
  if (!lease.controller.signal.aborted && lease.uses < 8 && idle.length < 64) idle.push(lease);
}

/** Waits between attempts; resolves to an `AbortError` instead if the caller aborts meanwhile. */
function sleep(
  ms: number,
  signal: AbortSignal | undefined,
  operation: string,
): Promise<AbortError | undefined> {
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(new AbortError(operation, signal!.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(undefined);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Wraps whatever the transport threw, keeping its code and a scrubbed copy as the cause. */
function toNetworkError(operation: string, error: unknown, redact: (text: string) => string): NetworkError {
  const original = error instanceof Error ? error : new Error(String(error));
  const inner = original.cause as { code?: unknown; message?: unknown } | undefined;
  const code = (original as { code?: unknown }).code ?? inner?.code;
  const cause = new Error(redact(original.message));
  cause.name = original.name;
  cause.stack = redact(original.stack ?? "");
  const detail =
    typeof inner?.message === "string" ? `${original.message}: ${inner.message}` : original.message;
  return new NetworkError(operation, redact(detail), cause, typeof code === "string" ? code : undefined);
}
