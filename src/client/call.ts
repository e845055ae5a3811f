/**
 * Performs one operation: attempts under a timeout, the envelope, errors, and retries with backoff
 * within the deadline. The single path every facade call takes.
 */
import {
  AbortError,
  NetworkError,
  QueuesError,
  QueuesValidationError,
  TimeoutError,
} from "../core/errors.js";
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

const DEFAULTS: Required<Omit<ReliabilityOptions, "deadlineMs" | "onRetry" | "backoff">> = {
  maxRetries: 2,
  retryPushes: "safe",
  timeoutMs: 30_000,
  maxRetryAfterMs: 60_000,
};

/** Checks reliability options (at construction and per call), naming the bad one. */
export function checkReliability(options: ReliabilityOptions): void {
  const counts: [string, number | undefined, number][] = [
    ["maxRetries", options.maxRetries, 0],
    ["timeoutMs", options.timeoutMs, 1],
    ["deadlineMs", options.deadlineMs, 1],
    ["maxRetryAfterMs", options.maxRetryAfterMs, 0],
    ["backoff.baseMs", options.backoff?.baseMs, 0],
    ["backoff.capMs", options.backoff?.capMs, 0],
  ];
  for (const [field, value, min] of counts) {
    if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
      throw new QueuesValidationError(field, value, `an integer of at least ${min}`);
    }
  }
  const pushes = options.retryPushes;
  if (pushes !== undefined && pushes !== "always" && pushes !== "safe" && pushes !== "never") {
    throw new QueuesValidationError("retryPushes", pushes, `one of "always", "safe", "never"`);
  }
}

export function createCaller(
  transport: Transport,
  redact: (text: string) => string,
  defaults: ReliabilityOptions,
): Caller {
  return async (name, url, body, options) => {
    if (options !== defaults) checkReliability(options);
    // The call's value, else the client's, else cfq's default.
    const setting = <K extends keyof ReliabilityOptions>(key: K) => options[key] ?? defaults[key];
    const operation = operationId(name);
    const signal = options.signal;
    const maxRetries = setting("maxRetries") ?? DEFAULTS.maxRetries;
    const isPush = name === "queuesPushMessage" || name === "queuesPushMessages";
    const policy = isPush ? (setting("retryPushes") ?? DEFAULTS.retryPushes) : "always";
    const timeoutMs = setting("timeoutMs") ?? DEFAULTS.timeoutMs;
    const deadlineMs = setting("deadlineMs");
    const deadline = deadlineMs === undefined ? Infinity : Date.now() + deadlineMs;
    const pastDeadline = `the deadline of ${deadlineMs} ms passed`;

    for (let retries = 0; ; retries++) {
      try {
        if (signal?.aborted) throw new AbortError(operation, { cause: signal.reason });
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new TimeoutError(operation, pastDeadline);
        const limit = Math.min(timeoutMs, remaining);
        const exchange = await attempt(
          limit,
          limit < timeoutMs ? pastDeadline : `no answer within timeoutMs (${timeoutMs} ms)`,
        );
        return readEnvelope(operation, exchange, redact);
      } catch (error) {
        if (!(error instanceof QueuesError)) throw error;
        const verdict = classify(error);
        const allowed = policy === "always" ? verdict.retryable : policy === "safe" && verdict.safe;
        if (retries >= maxRetries || !allowed) {
          error.retries = retries;
          throw error;
        }
        const backoff = setting("backoff");
        const delayMs = retryDelay(error, retries + 1, {
          baseMs: backoff?.baseMs ?? 500,
          capMs: backoff?.capMs ?? 8_000,
          maxRetryAfterMs: setting("maxRetryAfterMs") ?? DEFAULTS.maxRetryAfterMs,
        });
        if (Date.now() + delayMs >= deadline) {
          const late = new TimeoutError(
            operation,
            `retry ${retries + 1} would wait ${delayMs} ms, past the deadline of ${deadlineMs} ms (last failure: ${error.message})`,
            { cause: error },
          );
          late.retries = retries;
          throw late;
        }
        setting("onRetry")?.({ operation, attempt: retries + 1, error, delayMs });
        await sleep(delayMs, signal, operation, retries + 1);
      }
    }

    async function attempt(limit: number, timeoutReason: string) {
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), limit);
      try {
        return await transport.call(
          name,
          url,
          body,
          signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal,
        );
      } catch (error) {
        if (signal?.aborted) throw new AbortError(operation, { cause: signal.reason });
        if (timeout.signal.aborted) throw new TimeoutError(operation, timeoutReason);
        throw toNetworkError(operation, error, redact);
      } finally {
        clearTimeout(timer);
      }
    }
  };
}

/** Waits between attempts; a caller's abort ends the wait (and the call) at once. */
function sleep(
  ms: number,
  signal: AbortSignal | undefined,
  operation: string,
  retries: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      const error = new AbortError(operation, { cause: signal!.reason });
      error.retries = retries;
      reject(error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Wraps whatever the transport threw, keeping its code and a scrubbed copy as the cause. */
function toNetworkError(operation: string, error: unknown, redact: (text: string) => string): NetworkError {
  const original = error instanceof Error ? error : new Error(String(error));
  const inner = original.cause as { code?: unknown; message?: unknown } | undefined;
  const code = (original as { code?: unknown }).code ?? inner?.code;
  const detail = [original.message, typeof inner?.message === "string" ? inner.message : ""]
    .filter(Boolean)
    .join(": ");
  const cause = new Error(redact(original.message));
  cause.name = original.name;
  cause.stack = redact(original.stack ?? "");
  return new NetworkError(operation, redact(detail), {
    cause,
    code: typeof code === "string" ? code : undefined,
  });
}
