// The small app whose bundle is measured: cfq's client, with the four calls the official SDK's apps make.
import { QueuesClient } from "cfq";

const queues = new QueuesClient({ accountId: "acc", apiToken: "token" });
const q = queues.queue("queue");
await q.send({ hello: "world" });
await q.sendBatch([{ body: { n: 1 } }, { body: "x", contentType: "text" }]);
const { messages } = await q.pull({ batchSize: 10 });
await q.ack({ acks: messages });
