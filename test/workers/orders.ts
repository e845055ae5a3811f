/**
 * One producer function and one batch handler, run unchanged in both places by workerd.test.ts:
 * in a Worker (a binding producer, the `queue` export made by toWorkerQueue) and in Node (a producer
 * over HTTP, q.consumeBatches), against the same messages. Every message carries its plan: what the
 * handler does with it at each attempt. The handler notes what it saw in `journal`.
 */
import * as v from "valibot";
import type { Producer } from "../../src/producer/index.js";
import type { PortableBatchHandler, PortableConsumerOptions } from "../../src/workers/index.js";

/** At one attempt: settle it explicitly, or leave it to the batch's verdict (see `handleOrders`). */
type Step = "ack" | "retry" | "batch";

const Order = v.object({
  n: v.number(),
  plan: v.array(v.picklist(["ack", "retry", "batch"])),
  note: v.optional(v.string(), "none"),
});
export type Order = v.InferOutput<typeof Order>;

/** What the handler saw: each delivery that reached it, with its body as the schema gave it. */
export const journal: { queue: string; attempts: number; body: Order }[] = [];

/** The messages, each with its plan; n = 6 fails the schema, so it never reaches the handler. */
export const ORDERS = [
  { body: { n: 1, plan: ["ack"] } },
  { body: { n: 2, plan: ["retry", "ack"], note: "héllo wörld, 日本語, 🎉" } },
  { body: { n: 3, plan: ["batch", "batch", "batch"] } },
  { body: { n: 4, plan: ["batch", "ack"] } },
  { body: { n: 5, plan: ["retry", "retry", "retry", "retry"] } },
  { body: { n: "six", plan: [] } },
  { body: { n: 7, plan: ["ack"], note: "text" } },
  { body: { n: 8, plan: ["retry", "retry", "retry", "batch"] } },
];

/** The producer code: the same calls on a binding producer and on q.producer(). */
export async function produceOrders(producer: Producer) {
  const results = await producer.sendMany(ORDERS);
  await producer.close();
  return results.map((result) => result.ok);
}

export const orderOptions: PortableConsumerOptions<Order> = {
  schema: Order,
  maxRetries: 3,
  retryDelay: () => 0,
};

/**
 * Settles each message as its plan says for this attempt (the second verb of each pair changes
 * nothing: the first settle wins), then gives the batch's verdict on the rest, by attempt: throw
 * (retry them), retryAll then ackAll (retry them), ackAll (ack them), resolve (ack them). The queue
 * redelivers a batch's retried messages together, so every batch holds one attempt.
 */
export const handleOrders: PortableBatchHandler<Order> = async (batch) => {
  const attempts = batch.messages[0]?.attempts ?? 1;
  for (const message of batch.messages) {
    journal.push({ queue: batch.queue, attempts: message.attempts, body: message.body });
    const step: Step = (message.body.plan[message.attempts - 1] as Step | undefined) ?? "batch";
    if (step === "ack") {
      void message.ack();
      void message.retry();
    } else if (step === "retry") {
      void message.retry();
      void message.ack();
    }
  }
  if (attempts === 1) throw new Error("the first attempt fails");
  if (attempts === 2) {
    batch.retryAll();
    batch.ackAll();
  }
  if (attempts === 3) batch.ackAll();
};
