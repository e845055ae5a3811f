/** Performs one operation: request, envelope, errors. The single path every facade call takes. */
import { NetworkError } from "../core/errors.js";
import { operationId, type OperationName, type Transport } from "../internal/openapi.js";
import { readEnvelope } from "./envelope.js";
import type { RequestOptions } from "./options.js";

/** Calls an operation on a queue and resolves to the envelope's `result`. */
export type Caller = (
  name: OperationName,
  queueId: string,
  body: unknown,
  options: RequestOptions,
) => Promise<unknown>;

export function createCaller(
  accountId: string,
  transport: Transport,
  redact: (text: string) => string,
): Caller {
  return async (name, queueId, body, options) => {
    const operation = operationId(name);
    let exchange;
    try {
      exchange = await transport.call(
        name,
        { account_id: accountId, queue_id: queueId },
        body,
        options.signal,
      );
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw toNetworkError(operation, error, redact);
    }
    return readEnvelope(operation, exchange, redact);
  };
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
