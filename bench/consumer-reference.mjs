// The reference for the consumer benchmark: a hand-written runner as a capable user would write it,
// with concurrent pulls, concurrent handlers and one ack per pulled batch (not awaited before the
// next pull). It stops when `total` messages were handled.
export async function referenceRunner(
  queue,
  { total, handler, pulls = 8, batchSize = 100, visibilityTimeoutMs = 30_000 },
) {
  let handled = 0;
  const acks = new Set();
  const lane = async () => {
    while (handled < total) {
      const { messages } = await queue.pull({ batchSize, visibilityTimeoutMs });
      if (messages.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      await Promise.all(messages.map((message) => handler(message)));
      handled += messages.length;
      const ack = queue.ack({ acks: messages }).finally(() => acks.delete(ack));
      acks.add(ack);
    }
  };
  await Promise.all(Array.from({ length: pulls }, lane));
  await Promise.all(acks);
  return handled;
}

/** The loop a user writes first: pull a few, handle each in turn, ack them, repeat. */
export async function naiveLoop(queue, { seconds, handler, batchSize = 5 }) {
  let handled = 0;
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const { messages } = await queue.pull({ batchSize });
    for (const message of messages) await handler(message);
    if (messages.length > 0) await queue.ack({ acks: messages });
    handled += messages.length;
  }
  return handled;
}
