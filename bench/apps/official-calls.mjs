// The four operations with the official SDK, shared by its two apps (default and tree-shakable import).
export async function useQueue(cf) {
  const account_id = "acc";
  await cf.queues.messages.push("queue", { account_id, body: { hello: "world" } });
  await cf.queues.messages.bulkPush("queue", {
    account_id,
    messages: [{ body: { n: 1 } }, { body: "x", content_type: "text" }],
  });
  const { messages } = await cf.queues.messages.pull("queue", { account_id, batch_size: 10 });
  await cf.queues.messages.ack("queue", {
    account_id,
    acks: messages.map((m) => ({ lease_id: m.lease_id })),
  });
}
