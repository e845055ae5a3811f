import { describe, expect, it } from "vitest";
import { QueuesClient } from "../../src/index.js";
import { createEmulator } from "../../src/emulator/index.js";

describe("draining a large backlog", () => {
  it("100,000 messages pushed, then pulled and acked: every one comes out exactly once", async () => {
    const emulator = createEmulator();
    const q = new QueuesClient({ accountId: "acc", apiToken: "t", fetch: emulator.fetch }).queue("big");
    const total = 100_000;
    for (let start = 0; start < total; start += 100) {
      await q.sendBatch(Array.from({ length: 100 }, (_, i) => ({ body: { n: start + i } })));
    }
    expect(emulator.metrics("big")!.backlog_count).toBe(total);

    const seen = new Uint8Array(total);
    let pulls = 0;
    for (;;) {
      const { messages } = await q.pull({ batchSize: 100, visibilityTimeoutMs: 3_600_000 });
      if (messages.length === 0) break;
      pulls++;
      for (const m of messages) seen[(m.body as { n: number }).n]!++;
      const { ackCount } = await q.ack({ acks: messages });
      expect(ackCount).toBe(messages.length);
    }
    expect(pulls).toBe(total / 100);
    expect(seen.every((count) => count === 1)).toBe(true);
    expect(emulator.metrics("big")).toEqual({
      backlog_count: 0,
      backlog_bytes: 0,
      oldest_message_timestamp_ms: 0,
    });
  });
});
