// The small Worker whose bundle bundle.test.ts inspects: cfq/workers' producer and both adapters.
import { bindingProducer, fromWorkerQueue, toWorkerQueue } from "cfq/workers";

const handler = async (batch) => {
  for (const message of batch.messages) if (message.body.skip) void message.ack();
};

export const asConsumerHandler = fromWorkerQueue(async (batch) => batch.ackAll(), {});

export default {
  async fetch(request, env) {
    const producer = bindingProducer(env.ORDERS);
    await producer.sendMany([{ body: { url: request.url } }, { body: "text", contentType: "text" }]);
    await producer.close();
    return new Response("sent");
  },
  queue: toWorkerQueue(handler),
};
