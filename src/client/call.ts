/** Performs one operation: request, envelope, errors. The single path every facade call takes. */
import { operationId, type OperationName, type Transport } from "../internal/openapi.js";
import { readEnvelope } from "./envelope.js";
import type { RequestOptions } from "./options.js";

/** Calls an operation on a queue and resolves to the envelope's `result`. */
export type Caller = (name: OperationName, queueId: string, body: unknown, options: RequestOptions) => Promise<unknown>;

export function createCaller(accountId: string, transport: Transport, redact: (text: string) => string): Caller {
  return async (name, queueId, body, options) => {
    const exchange = await transport.call(name, { account_id: accountId, queue_id: queueId }, body, options.signal);
    return readEnvelope(operationId(name), exchange, redact);
  };
}
