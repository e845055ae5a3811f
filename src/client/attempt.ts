/**
 * One attempt: under its time limit (`timeoutMs`, or what is left of `deadlineMs`) and the caller's
 * signal, one exchange through the transport, then the v4 envelope. Whatever the transport throws
 * becomes the error that says why: aborted, timed out, or a network failure.
 */
import { AbortError, NetworkError, QueuesError, TimeoutError } from "../core/errors.js";
import type { Redactor } from "../core/redact.js";
import type { AttemptTimers } from "./attempt-timers.js";
import { readEnvelope } from "./envelope.js";
import type { CallSettings } from "./settings.js";
import type { ExchangeRequest, Transport } from "./transport.js";

export interface AttemptInput {
  request: Omit<ExchangeRequest, "signal">;
  call: CallSettings;
  /** When the whole call must end (ms since the epoch, or `Infinity`). */
  deadline: number;
  transport: Transport;
  redactor: Redactor;
  timers: AttemptTimers;
}

/** Resolves to the envelope's `result`. */
export async function attempt({
  request,
  call,
  deadline,
  transport,
  redactor,
  timers,
}: AttemptInput): Promise<unknown> {
  const { operation } = request;
  const { signal } = call;
  if (signal?.aborted) throw new AbortError({ operation, reason: signal.reason });
  const remaining = deadline - Date.now();
  if (remaining <= 0)
    throw new TimeoutError({ operation, detail: `the deadline of ${call.deadlineMs} ms passed` });
  const limit = Math.min(call.timeoutMs, remaining);
  const timeout = timers.start(limit);
  let exchange;
  try {
    exchange = await transport({
      ...request,
      signal: signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal,
    });
  } catch (error) {
    if (error instanceof QueuesError) throw error; // the transport's own verdict on the answer
    if (signal?.aborted) throw new AbortError({ operation, reason: signal.reason });
    if (timeout.signal.aborted) {
      const detail =
        limit < call.timeoutMs
          ? `the deadline of ${call.deadlineMs} ms passed`
          : `no answer within timeoutMs (${call.timeoutMs} ms)`;
      throw new TimeoutError({ operation, detail });
    }
    throw toNetworkError(operation, error, redactor);
  } finally {
    timeout.release();
  }
  return readEnvelope(operation, exchange, redactor);
}

/** Wraps whatever the transport threw, keeping its code and a scrubbed copy as the cause. */
function toNetworkError(operation: string, error: unknown, redactor: Redactor): NetworkError {
  const original = error instanceof Error ? error : new Error(String(error));
  const inner = original.cause as { code?: unknown; message?: unknown } | undefined;
  const code = (original as { code?: unknown }).code ?? inner?.code;
  const cause = new Error(redactor.text(original.message));
  cause.name = original.name;
  cause.stack = redactor.text(original.stack ?? "");
  const detail =
    typeof inner?.message === "string" ? `${original.message}: ${inner.message}` : original.message;
  return new NetworkError({
    operation,
    detail: redactor.text(detail),
    cause,
    code: typeof code === "string" ? code : undefined,
  });
}
