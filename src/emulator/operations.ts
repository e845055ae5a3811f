/**
 * What each operation of the spec does, keyed by the operation table's names: a `Record` over every
 * `OperationName`, so an operation added to the spec without a handler here does not compile.
 *
 * A handler runs in two steps, because injected faults come between them (see `handler.ts`): it
 * first reads the schema-valid body (refusing what only the emulator can check, such as a push's
 * byte limits), then returns the step that performs the operation on a queue.
 */
import type { QueueStore } from "./emulator.js";
import { failures, success, type EmulatorResponse } from "./envelope.js";
import type { QueueState } from "./queue-state.js";
import { toIncoming, toIncomingBatch, type Parsed } from "./requests.js";
import type { OperationName, RequestBody } from "./spec.js";

/** Performs a checked request on its queue. */
export type Perform = (store: QueueStore, queue: QueueState) => EmulatorResponse;

/** Reads an operation's schema-valid body: the step that performs it, or the answer that refuses it. */
type Handler<N extends OperationName> = (body: RequestBody<N>) => Parsed<Perform>;

const ready = (perform: Perform): Parsed<Perform> => ({ ok: true, value: perform });

const handlers: { [N in OperationName]: Handler<N> } = {
  queuesPushMessage(body) {
    const message = toIncoming(body, "body");
    if (!message.ok) return message;
    return ready((store, queue) => pushed(store.push(queue, [message.value], undefined)));
  },

  queuesPushMessages(body) {
    const messages = toIncomingBatch(body.messages);
    if (!messages.ok) return messages;
    return ready((store, queue) => pushed(store.push(queue, messages.value, body.delay_seconds)));
  },

  queuesPullMessages: (body) =>
    ready((store, queue) => {
      if (!queue.config.http_pull) return failures.pullNotEnabled();
      if (queue.config.paused) return failures.paused();
      return success(store.pull(queue, body.batch_size, body.visibility_timeout_ms));
    }),

  queuesAckMessages(body) {
    const acks = (body.acks ?? []).map((ack) => ack.lease_id);
    const retries = (body.retries ?? []).map((retry) => ({
      leaseId: retry.lease_id,
      delaySeconds: retry.delay_seconds,
    }));
    return ready((store, queue) => success(store.settle(queue, acks, retries)));
  },

  // Peek, purge and extend deliver nothing, so unlike pull they answer whether or not the queue has
  // a pull consumer or is paused (the reference says nothing either way).
  queuesPeekMessages: (body) => ready((store, queue) => success(store.peek(queue, body.batch_size))),

  queuesPurgeMessages(body) {
    const refs = body.refs.map((item) => item.ref);
    return ready((store, queue) => success(store.purge(queue, refs)));
  },

  queuesExtendMessages(body) {
    const leaseIds = body.extend.map((item) => item.lease_id);
    return ready((store, queue) => success(store.extend(queue, leaseIds, body.visibility_timeout_ms)));
  },
};

/** A push's answer: its metrics, or 429 when it would pass `max_stored_bytes`. */
function pushed(result: ReturnType<QueueStore["push"]>): EmulatorResponse {
  return "refused" in result ? failures.storageFull(result.refused) : success({ metadata: result });
}

/** The step that performs `operation` with this schema-valid body, or the answer that refuses the body. */
export const prepare = <N extends OperationName>(operation: N, body: RequestBody<N>): Parsed<Perform> =>
  handlers[operation](body);
