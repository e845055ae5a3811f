/**
 * Stand-ins for what the Workers runtime hands a Worker, recording what cfq/workers does with them:
 * a batch whose messages note each `ack()` and `retry()` call, and a Queue binding that notes each
 * `sendBatch`. Only for the rules' tests in Node: workerd itself runs in workerd.test.ts.
 */
import type { WorkerMessageBatch, WorkerQueueBinding, WorkerSendRequest } from "../../src/workers/index.js";

export type RuntimeCall = { id: string; verb: "ack" } | { id: string; verb: "retry"; delaySeconds?: number };

/** A batch as the runtime delivers it; `calls` lists the settles made on its messages, in order. */
export function runtimeBatch(bodies: unknown[], { attempts = 1, queue = "orders" } = {}) {
  const calls: RuntimeCall[] = [];
  const messages = bodies.map((body, i) => ({
    id: `m${i}`,
    timestamp: new Date(Date.UTC(2026, 0, 1)),
    body,
    attempts,
    ack() {
      calls.push({ id: `m${i}`, verb: "ack" });
    },
    retry(options?: { delaySeconds?: number }) {
      calls.push({ id: `m${i}`, verb: "retry", ...options });
    },
  }));
  const batch: WorkerMessageBatch = {
    queue,
    messages,
    ackAll: () => {
      throw new Error("cfq settles each message itself: ackAll must not reach the runtime");
    },
    retryAll: () => {
      throw new Error("cfq settles each message itself: retryAll must not reach the runtime");
    },
  };
  return { batch, calls };
}

/** A runtime message whose body cannot be deserialised: reading it throws. */
export function unreadable(id: string) {
  return {
    id,
    timestamp: new Date(0),
    get body(): unknown {
      throw new Error("could not deserialise");
    },
    attempts: 1,
    ack() {},
    retry() {},
  };
}

/** A Queue binding that records each `sendBatch` and answers as recent Workers do (with metrics), or fails. */
export function recordingBinding({
  metrics = true,
  fail,
}: { metrics?: boolean; fail?: (call: number) => Error | undefined } = {}) {
  const batches: WorkerSendRequest[][] = [];
  let backlog = 0;
  const binding: WorkerQueueBinding = {
    async sendBatch(messages) {
      const sent = [...messages];
      batches.push(sent);
      const error = fail?.(batches.length - 1);
      if (error) throw error;
      backlog += sent.length;
      return metrics
        ? {
            metadata: {
              metrics: { backlogCount: backlog, backlogBytes: 0, oldestMessageTimestamp: undefined },
            },
          }
        : undefined;
    },
  };
  return { binding, batches };
}
