// The small app whose bundle is measured with the producer: the client, plus cfq/producer's
// send, sendMany and close.
import { QueuesClient } from "cfq";
import "cfq/producer";

const queues = new QueuesClient({ accountId: "acc", apiToken: "token" });
const producer = queues.queue("queue").producer({ concurrency: 4 });
await producer.send({ hello: "world" });
await producer.sendMany([{ body: { n: 1 } }, { body: "x", contentType: "text" }]);
await producer.close();
