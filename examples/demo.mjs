// npm start: the typed client against a local emulator that this script starts itself.
// No account, no network: everything runs on 127.0.0.1.
import { QueuesClient } from "cfq";
import { createEmulator } from "cfq/emulator";

const emulator = createEmulator({
  tokens: ["dev-token"],
  queues: { orders: { max_retries: 3, dead_letter_queue: "orders-dlq" } },
});
const server = await emulator.listen({ port: 0 }); // a free port on 127.0.0.1
console.log(`emulator listening on ${server.url}\n`);

const queues = new QueuesClient({ accountId: "demo-account", apiToken: "dev-token", baseUrl: server.url });
const orders = queues.queue("orders");
const show = (label, value) => console.log(`${label.padEnd(28)} ${JSON.stringify(value)}`);

await orders.send({ order_id: 4812, action: "ship" });
show("send json", { order_id: 4812, action: "ship" });
await orders.send("plain reminder", { contentType: "text" });
show("send text", "plain reminder");
const { metrics: afterBatch } = await orders.sendBatch(
  [{ body: { order_id: 4813, action: "pack" } }, { body: "later, gator", contentType: "text" }],
  { delaySeconds: 1 },
);
show("sendBatch (delay 1 s)", { backlogCount: afterBatch?.backlogCount });

const first = await orders.pull({ batchSize: 10, visibilityTimeoutMs: 30_000 });
console.log(`\npull: ${first.messages.length} messages ready (the batch is still delayed)`);
for (const m of first.messages) show(`  ${m.contentType} attempts=${m.attempts}`, m.body);

const [done, again] = first.messages;
const settled = await orders.ack({
  acks: [done.leaseId],
  retries: [{ leaseId: again.leaseId, delaySeconds: 1 }],
});
show("\nack one, retry one (1 s)", settled);

console.log("\nwaiting 1.2 s for the delays to pass…");
await new Promise((resolve) => setTimeout(resolve, 1200));
const second = await orders.pull({ batchSize: 10 });
console.log(`pull: ${second.messages.length} messages`);
for (const m of second.messages) show(`  ${m.contentType} attempts=${m.attempts}`, m.body);
const redelivered = second.messages.find((m) => m.id === again.id);
console.log(`\nredelivered ${JSON.stringify(redelivered?.body)} with attempts: ${redelivered?.attempts}`);

await orders.ack({ acks: second.messages });
const { metrics } = await orders.pull();
show("metrics after acking all", metrics);

await server.close();
if (redelivered?.attempts !== 2 || metrics?.backlogCount !== 0) {
  console.error("demo: unexpected result");
  process.exit(1);
}
console.log("\ndone");
