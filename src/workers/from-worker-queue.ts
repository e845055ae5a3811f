/**
 * The other way round: a Worker's existing `queue(batch, env, ctx)` function as a batch handler for
 * `q.consumeBatches`. The consumer's batch already has the Workers `MessageBatch` shape; what a Worker
 * also gets is its `env` and an execution context, whose `waitUntil` promises count as in a Worker.
 */
import type { BatchHandler } from "../consumer/options.js";
import type { WorkerContext, WorkerMessageBatch } from "./types.js";

/**
 * A Worker's `queue` function, its batch typed with the Workers types or with {@link WorkerMessageBatch}.
 * (Declared as a method so that a function typed for the Workers types' batch, which has more, fits.)
 */
export type WorkerQueueFunction<Body = unknown, Env = unknown> = {
  queue(batch: WorkerMessageBatch<Body>, env: Env, ctx: WorkerContext): unknown;
}["queue"];

/**
 * A batch handler for `q.consumeBatches` that runs a Worker's `queue` function with `env` (the
 * bindings it expects) and an execution context. As in a Worker, the batch succeeds once the
 * function and every promise given to `ctx.waitUntil` have resolved, and fails (its unsettled
 * messages are retried) if any of them rejects. `batch.metadata` (the queue's metrics in recent
 * Workers) does not exist over HTTP pull.
 * @param ctx more of the execution context the function reads (`props`, say); its `waitUntil` is
 *   still called
 */
export function fromWorkerQueue<Body = unknown, Env = unknown>(
  queue: WorkerQueueFunction<Body, Env>,
  env: Env,
  ctx?: Partial<WorkerContext> & Record<string, unknown>,
): BatchHandler<Body> {
  return async (batch) => {
    const pending: Promise<unknown>[] = [];
    const context: WorkerContext = {
      ...ctx,
      waitUntil(promise) {
        pending.push(Promise.resolve(promise));
        ctx?.waitUntil?.(promise);
      },
      passThroughOnException() {
        ctx?.passThroughOnException?.();
      },
    };
    await queue(batch, env, context);
    let failure: { reason: unknown } | undefined;
    while (pending.length > 0)
      for (const result of await Promise.allSettled(pending.splice(0)))
        if (result.status === "rejected") failure ??= result;
    if (failure) throw failure.reason;
  };
}
