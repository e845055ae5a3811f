/**
 * The Worker of workerd.test.ts: its producer is `bindingProducer(env.ORDERS)` and its `queue`
 * export is `toWorkerQueue(handleOrders)`, from the same module the Node side runs. It notes each
 * settle cfq makes on the runtime's messages, and what reaches the dead-letter queue, and answers
 * them on GET.
 */
import {
  bindingProducer,
  toWorkerQueue,
  type WorkerMessageBatch,
  type WorkerQueueBinding,
} from "../../src/workers/index.js";
import { handleOrders, journal, orderOptions, produceOrders } from "./orders.js";

interface Env {
  ORDERS: WorkerQueueBinding;
}

const settled: { n: unknown; attempts: number; verb: string }[] = [];
const dead: unknown[] = [];
const ordersQueue = toWorkerQueue(handleOrders, orderOptions);

/** The runtime's batch, whose messages note each settle before passing it on. */
function noting(batch: WorkerMessageBatch): WorkerMessageBatch {
  return {
    queue: batch.queue,
    messages: batch.messages.map((message) => {
      const note = (verb: string) =>
        settled.push({ n: (message.body as { n: unknown }).n, attempts: message.attempts, verb });
      return {
        id: message.id,
        timestamp: message.timestamp,
        attempts: message.attempts,
        get body() {
          return message.body;
        },
        ack() {
          note("ack");
          message.ack();
        },
        retry(options) {
          note("retry");
          message.retry(options);
        },
      };
    }),
    ackAll: () => batch.ackAll(),
    retryAll: (options) => batch.retryAll(options),
  };
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (new URL(request.url).pathname === "/produce")
      return Response.json(await produceOrders(bindingProducer(env.ORDERS)));
    return Response.json({ seen: journal, settled, dead });
  },
  async queue(batch: WorkerMessageBatch, env: Env, ctx: Parameters<typeof ordersQueue>[2]): Promise<void> {
    if (batch.queue === "orders-dlq") {
      for (const message of batch.messages) {
        dead.push((message.body as { n: unknown }).n);
        message.ack();
      }
      return;
    }
    await ordersQueue(noting(batch), env, ctx);
  },
};
