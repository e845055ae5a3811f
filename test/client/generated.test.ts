// The generated operations are built on openapi-fetch: they run with a real openapi-fetch client,
// and `queues.raw` (the same operations on cfq's lean transport) answers exactly like them.
import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { queuesPullMessages, queuesPushMessage } from "../../generated/openapi-fetch.js";
import { operations } from "../../generated/operations.js";
import type { paths } from "../../generated/schema.js";
import { createEmulator } from "../../src/emulator/index.js";
import { QueuesClient } from "../../src/index.js";

describe("generated operations", () => {
  it("run on a real openapi-fetch client", async () => {
    const emulator = createEmulator();
    const client = createClient<paths>({ baseUrl: "http://local/client/v4", fetch: emulator.fetch });
    const path = { account_id: "acc", queue_id: "q" };
    const pushed = await queuesPushMessage(client, {
      params: { path },
      body: { body: "hi", content_type: "text" },
    });
    expect(pushed.response.status).toBe(200);
    expect(pushed.data?.result?.metadata?.metrics?.backlog_count).toBe(1);
    const pulled = await queuesPullMessages(client, { params: { path }, body: { batch_size: 1 } });
    expect(pulled.data?.result?.messages?.[0]?.body).toBe("hi");
    const refused = await queuesPullMessages(client, { params: { path }, body: { batch_size: 0 } });
    expect(refused.error).toMatchObject({ success: false, errors: [{ code: 10207 }] });
  });

  it("queues.raw has one function per operation of the spec, answering like openapi-fetch", async () => {
    const emulator = createEmulator();
    const queues = new QueuesClient({
      accountId: "acc",
      apiToken: "t",
      baseUrl: "http://local/client/v4",
      fetch: emulator.fetch,
    });
    expect(Object.keys(queues.raw).sort()).toEqual(Object.keys(operations).sort());
    const path = { account_id: "acc", queue_id: "q" };
    const pushed = await queues.raw.queuesPushMessage({ params: { path }, body: { body: { a: 1 } } });
    expect(pushed.data?.result?.metadata?.metrics?.backlog_count).toBe(1);
    const refused = await queues.raw.queuesPullMessages({ params: { path }, body: { batch_size: 0 } });
    expect(refused.data).toBeUndefined();
    expect(refused.response.status).toBe(400);
    expect(refused.error).toMatchObject({ success: false, errors: [{ code: 10207 }] });
  });
});
