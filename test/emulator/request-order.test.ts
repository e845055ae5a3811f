// The order of the checks: route, credentials, queue (strict mode), content type, all from the
// request line and headers; only then the body (size, JSON, schema, byte limits); then injected
// faults; then the operation. So a refused request never costs the reading of its body, and never
// uses up a fault rule's budget (a seeded run stays reproducible whoever else is connected).
import { afterEach, describe, expect, it } from "vitest";
import { createEmulator, type EmulatorConfig, type FaultRule } from "../../src/emulator/index.js";
import {
  ACCOUNT,
  startEmulator,
  TOKEN,
  TRANSPORTS,
  type Harness,
  type TransportKind,
} from "../helpers/emulator.js";

describe.each(TRANSPORTS)("the order of the checks (%s)", (kind: TransportKind) => {
  let h: Harness;
  const start = async (config: EmulatorConfig) => (h = await startEmulator(kind, config));
  afterEach(() => h?.close());

  const send = (queue: string, body: string, headers: Record<string, string>, suffix = "") =>
    h.fetch(`${h.baseUrl}/accounts/${ACCOUNT}/queues/${queue}/messages${suffix}`, {
      method: "POST",
      headers,
      body,
    });
  const json = { "content-type": "application/json" };
  const auth = { authorization: `Bearer ${TOKEN}` };
  const codeOf = async (response: Response) => [response.status, (await response.json()).errors[0]?.code];

  it("route, then credentials, then the queue, then the content type, then the body", async () => {
    await start({ tokens: [TOKEN], strict: true, queues: { known: {} } });
    const huge = JSON.stringify({ body: "x".repeat(1_100_000), content_type: "text" });
    expect(await codeOf(await send("known", "{}", {}, "/nowhere"))).toEqual([400, 7003]);
    expect(await codeOf(await send("unknown", huge, { "content-type": "text/plain" }))).toEqual([400, 9106]);
    expect(await codeOf(await send("unknown", huge, { ...auth, "content-type": "text/plain" }))).toEqual([
      404, 10104,
    ]);
    expect(await codeOf(await send("known", huge, { ...auth, "content-type": "text/plain" }))).toEqual([
      400, 6003,
    ]);
    expect(await codeOf(await send("known", huge, { ...auth, ...json }))).toEqual([413, 413]);
    expect(await codeOf(await send("known", "{nope", { ...auth, ...json }))).toEqual([400, 10208]);
    expect(h.emulator.queueIds()).toEqual([]);
  });

  it("faults apply only to requests that pass credentials and validation", async () => {
    const rules: FaultRule[] = [{ op: "push", fault: "503", first: 1 }];
    await start({ tokens: [TOKEN], strict: true, queues: { q: {} }, faults: { rules } });
    const valid = JSON.stringify({ body: { a: 1 } });
    expect(await codeOf(await send("q", valid, json))).toEqual([400, 9106]);
    expect(await codeOf(await send("q", valid, { authorization: "Bearer wrong", ...json }))).toEqual([
      403, 10000,
    ]);
    expect(await codeOf(await send("nope", valid, { ...auth, ...json }))).toEqual([404, 10104]);
    expect(await codeOf(await send("q", '{"body":"x"}', { ...auth, ...json }))).toEqual([400, 10207]);
    expect(await codeOf(await send("q", valid, { ...auth, "content-type": "text/plain" }))).toEqual([
      400, 6003,
    ]);
    // none of them used the rule up: the first valid push gets the 503, the next one is stored
    expect((await send("q", valid, { ...auth, ...json })).status).toBe(503);
    expect((await send("q", valid, { ...auth, ...json })).status).toBe(200);
    expect(h.emulator.metrics("q")!.backlog_count).toBe(1);
  });

  it("a refused request is answered, not dropped, even when a drop rule matches", async () => {
    await start({ tokens: [TOKEN], faults: { rules: [{ op: "*", fault: "drop-before" }] } });
    expect(await codeOf(await send("q", JSON.stringify({ body: {} }), json))).toEqual([400, 9106]);
    await expect(send("q", JSON.stringify({ body: {} }), { ...auth, ...json })).rejects.toThrow();
  });

  it("curl's default form Content-Type is read as JSON, as Cloudflare's docs show it succeeding", async () => {
    await start({ tokens: [TOKEN] });
    const form = { ...auth, "content-type": "application/x-www-form-urlencoded" };
    const pushed = await send("q", '{ "body": { "order_id": 4812 } }', form);
    expect(pushed.status).toBe(200);
    expect(await codeOf(await send("q", "order_id=4812", form))).toEqual([400, 10208]);
    for (const other of ["text/plain", "multipart/form-data; boundary=x", ""]) {
      const answer = await send("q", '{"body":{}}', { ...auth, ...(other ? { "content-type": other } : {}) });
      expect(await codeOf(answer), other).toEqual([400, 6003]);
    }
  });
});

describe("a seeded fault run is reproducible, whoever else is connected", () => {
  async function outcomes(noise: boolean) {
    const emulator = createEmulator({
      tokens: [TOKEN],
      faults: { seed: 7, rules: [{ op: "push", fault: "503", rate: 0.5 }] },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      if (noise) {
        // another client, without credentials, and one sending invalid bodies
        await emulator.fetch(`http://x/client/v4/accounts/a/queues/q/messages`, {
          method: "POST",
          body: "{}",
        });
        await emulator.fetch(`http://x/client/v4/accounts/a/queues/q/messages`, {
          method: "POST",
          headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
          body: '{"body": 1}',
        });
      }
      const response = await emulator.fetch(`http://x/client/v4/accounts/a/queues/q/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ body: { i } }),
      });
      statuses.push(response.status);
    }
    return statuses;
  }

  it("the same seed gives the same faults to the same valid requests", async () => {
    const alone = await outcomes(false);
    expect(alone).toContain(503);
    expect(alone).toContain(200);
    expect(await outcomes(true)).toEqual(alone);
  });
});

describe("the body is read only once the headers pass", () => {
  it("in-process: a refused request's stream is never read", async () => {
    const emulator = createEmulator({ tokens: [TOKEN] });
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled++;
          controller.enqueue(new TextEncoder().encode('{"body":{}}'));
          controller.close();
        },
      },
      { highWaterMark: 0 }, // pulled only when read
    );
    const response = await emulator.fetch(`http://x/client/v4/accounts/a/queues/q/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(400);
    expect(pulled).toBe(0);
    const accepted = await emulator.fetch(`http://x/client/v4/accounts/a/queues/q/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: new ReadableStream(
        { pull: (c) => (pulled++, c.enqueue(new TextEncoder().encode('{"body":{}}')), c.close()) },
        { highWaterMark: 0 },
      ),
      duplex: "half",
    } as RequestInit);
    expect(accepted.status).toBe(200);
    expect(pulled).toBe(1);
  });
});
