import { describe, expect, it } from "vitest";
import "../../src/consumer/index.js";
import { createEmulator } from "../../src/emulator/index.js";
import { QueuesClient } from "../../src/index.js";

describe("consume: first light", () => {
  it("drains a few hundred messages and stops holding no lease", async () => {
    const emulator = createEmulator();
    const q = new QueuesClient({ accountId: "acc", apiToken: "t", fetch: emulator.fetch }).queue("q");
    for (let i = 0; i < 3; i++)
      await q.sendBatch(Array.from({ length: 100 }, (_, j) => ({ body: { n: i * 100 + j } })));
    const seen = new Set<number>();
    const consumer = q.consume<{ n: number }>(
      async (message) => {
        seen.add(message.body.n);
      },
      { concurrency: 20 },
    );
    while (emulator.metrics("q")!.backlog_count > 0) await new Promise((r) => setTimeout(r, 5));
    const stats = await consumer.stop();
    expect(seen.size).toBe(300);
    expect(stats).toMatchObject({
      state: "stopped",
      pulled: 300,
      acked: 300,
      expired: 0,
      inFlight: 0,
      buffered: 0,
    });
    await expect(consumer.closed).resolves.toMatchObject({ acked: 300 });
  });
});
