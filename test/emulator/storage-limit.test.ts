// max_stored_bytes: past it, pushes are refused whole with 429 / 10251, never a crash. Each message
// counts its body's UTF-8 bytes plus MESSAGE_OVERHEAD_BYTES. A small limit keeps the test small.
import { afterEach, describe, expect, it } from "vitest";
import { createEmulator, EmulatorConfigError, type EmulatorConfig } from "../../src/emulator/index.js";
import { MESSAGE_OVERHEAD_BYTES } from "../../src/emulator/queue-state.js";
import { startEmulator, TRANSPORTS, type Harness, type TransportKind } from "../helpers/emulator.js";

const BODY = "x".repeat(100); // a text body of 100 bytes
const EACH = 100 + MESSAGE_OVERHEAD_BYTES;
const LIMIT = 2 * EACH + 10; // room for two messages, not three

describe.each(TRANSPORTS)("max_stored_bytes (%s)", (kind: TransportKind) => {
  let h: Harness;
  const start = async (config: EmulatorConfig = {}) =>
    (h = await startEmulator(kind, { max_stored_bytes: LIMIT, ...config }));
  afterEach(() => h?.close());
  const push = (queue: string) => h.post(queue, "", { body: BODY, content_type: "text" });

  it("refuses a push past the limit with 429 / 10251, naming the limit and the key, and keeps what it had", async () => {
    await start();
    expect((await push("a")).status).toBe(200);
    expect((await push("b")).status).toBe(200); // the limit is across all queues
    const refused = await push("a");
    expect(refused.status).toBe(429);
    expect(refused.json).toEqual({
      success: false,
      errors: [
        {
          code: 10251,
          message: `Storage limit exceeded: this push needs ${EACH} bytes and the emulator already stores ${2 * EACH} of its max_stored_bytes limit of ${LIMIT} bytes (each message counts its body plus ${MESSAGE_OVERHEAD_BYTES} bytes). Consume messages, or raise max_stored_bytes.`,
        },
      ],
      messages: [],
      result: null,
    });
    expect(h.emulator.metrics("a")!.backlog_count).toBe(1);
    expect(h.emulator.metrics("b")!.backlog_count).toBe(1);
  });

  it("refuses a batch whole, and accepts again once messages are acked", async () => {
    await start();
    expect((await push("q")).status).toBe(200);
    const batch = await h.post("q", "/batch", {
      messages: [
        { body: BODY, content_type: "text" },
        { body: BODY, content_type: "text" },
      ],
    });
    expect(batch.status).toBe(429);
    expect(batch.json.errors[0].code).toBe(10251);
    expect(h.emulator.metrics("q")!.backlog_count).toBe(1);
    const { messages } = await h.client.queue("q").pull();
    await h.client.queue("q").ack({ acks: messages });
    expect((await h.post("q", "/batch", { messages: [{ body: BODY, content_type: "text" }] })).status).toBe(
      200,
    );
    expect((await push("q")).status).toBe(200);
  });

  it("dead-lettering moves bytes, it does not add them", async () => {
    await start({ queues: { q: { max_retries: 0, dead_letter_queue: "dlq" } } });
    await push("q");
    await push("q");
    const { messages } = await h.client.queue("q").pull({ batchSize: 2 });
    await h.client.queue("q").ack({ retries: messages }); // both into the dead-letter queue
    expect(h.emulator.metrics("dlq")!.backlog_count).toBe(2);
    expect((await push("q")).status).toBe(429); // still two stored, no more
    const dead = await h.client.queue("dlq").pull({ batchSize: 2 });
    await h.client.queue("dlq").ack({ acks: dead.messages });
    expect((await push("q")).status).toBe(200);
  });
});

describe("max_stored_bytes and retention", () => {
  it("messages past retention in a queue nobody touches do not keep a push to another queue out", async () => {
    let now = Date.UTC(2026, 0, 1);
    const emulator = createEmulator(
      { max_stored_bytes: LIMIT, queues: { old: { message_retention_period: 60 } } },
      { now: () => now },
    );
    const push = (queue: string) =>
      emulator.fetch(`http://x/client/v4/accounts/a/queues/${queue}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ body: BODY, content_type: "text" }),
      });
    expect((await push("old")).status).toBe(200);
    expect((await push("old")).status).toBe(200);
    expect((await push("new")).status).toBe(429);
    now += 60_000; // both of "old"'s messages pass retention; nothing touches "old"
    expect((await push("new")).status).toBe(200);
  });
});

describe("max_stored_bytes in the configuration", () => {
  it.each([
    [{ max_stored_bytes: -1 }, "max_stored_bytes must be an integer from 0 to"],
    [
      { max_stored_bytes: "1GB" },
      'max_stored_bytes must be an integer from 0 to 9007199254740991; got "1GB"',
    ],
    [{ max_stored_bytes: 1.5 }, "max_stored_bytes must be an integer"],
  ])("%j is refused, naming the key", (config, message) => {
    expect(() => createEmulator(config as never)).toThrow(EmulatorConfigError);
    expect(() => createEmulator(config as never)).toThrow(message);
  });
});
