// Fail every way we can, with credentials in play, and search everything a user or a logger could see.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { everythingAbout } from "../helpers/renderings.js";
import { QueuesClient, type RetryInfo } from "../../src/index.js";
import { createEmulator } from "../../src/emulator/index.js";

const TOKEN = "tok_NeverShowMe_91f2";
const EMAIL = "secret.owner@example.com";
const KEY = "gk_NeverShowMe_77aa";
const SECRETS = [TOKEN, EMAIL, KEY];

describe("secrets never appear, whatever fails", () => {
  it.each([
    ["token", { apiToken: TOKEN }],
    ["email + key", { apiEmail: EMAIL, apiKey: KEY }],
  ])("%s", async (_, auth) => {
    const emulator = createEmulator({
      tokens: ["other-token"],
      faults: {
        seed: 3,
        rules: [
          { op: "ack", fault: "drop-before" },
          { op: "batch", fault: "not-json" },
        ],
      },
    });
    const server = await emulator.listen({ port: 0 });
    const log: string[] = [];
    const onRetry = (info: RetryInfo) => log.push(JSON.stringify(info), inspect(info, { depth: 10 }));
    const base = { accountId: "acc", ...auth, backoff: { baseMs: 1, capMs: 1 }, onRetry } as never;
    const failures: unknown[] = [];
    const capture = (p: Promise<unknown>) =>
      p.then(
        () => failures.push(new Error("did not fail")),
        (e) => failures.push(e),
      );
    try {
      const viaHttp = new QueuesClient({ ...(base as object), baseUrl: server.url } as never).queue("q");
      const inProcess = new QueuesClient({ ...(base as object), fetch: emulator.fetch } as never).queue("q");
      for (const q of [viaHttp, inProcess]) {
        await capture(q.pull()); // 403: wrong credentials
        await capture(q.ack({ acks: ["L"] })); // dropped connection, retried, NetworkError
        await capture(q.sendBatch([{ body: {} }], { retryPushes: "always" })); // not JSON
        await capture(q.send({ a: undefined } as never)); // validation
        await capture(q.pull({ signal: AbortSignal.abort(new Error("stop")) })); // abort
        await capture(q.pull({ deadlineMs: 1, timeoutMs: 1 })); // timeout
      }
      const refused = await createEmulator().listen({ port: 0 });
      await refused.close();
      await capture(
        new QueuesClient({ ...(base as object), baseUrl: refused.url } as never).queue("q").send({ a: 1 }),
      );
      await capture(
        new QueuesClient({ ...(base as object), baseUrl: "http://no-such-host.invalid/client/v4" } as never)
          .queue("q")
          .pull({ maxRetries: 0 }),
      );
      await capture(
        Promise.resolve().then(() => new QueuesClient({ ...(auth as object), accountId: "" } as never)),
      );
    } finally {
      await server.close();
    }
    expect(failures).toHaveLength(15);
    expect(failures.map((e) => (e as Error).name)).toEqual(
      expect.arrayContaining([
        "CloudflareApiError",
        "NetworkError",
        "QueuesValidationError",
        "AbortError",
        "TimeoutError",
      ]),
    );
    expect(log.length).toBeGreaterThan(0);
    const everything = failures.map(everythingAbout).join("\n") + log.join("\n");
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
  });

  it("an unhandled failure printed by Node itself shows no secret", () => {
    const script = `
      import { QueuesClient } from ${JSON.stringify(join(import.meta.dirname, "../../dist/src/index.js"))};
      const q = new QueuesClient({ accountId: "acc", apiEmail: ${JSON.stringify(EMAIL)}, apiKey: ${JSON.stringify(KEY)}, baseUrl: "http://127.0.0.1:1/client/v4", maxRetries: 0 }).queue("q");
      await q.pull();`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/NetworkError/);
    for (const secret of SECRETS) expect(run.stderr + run.stdout).not.toContain(secret);
  });
});

describe("no timer is left behind", () => {
  it("a process that made calls (with the 30 s default timeout and a retry) exits as soon as it is done", () => {
    const script = `
      import { QueuesClient } from ${JSON.stringify(join(import.meta.dirname, "../../dist/src/index.js"))};
      import { createEmulator } from ${JSON.stringify(join(import.meta.dirname, "../../dist/src/emulator/index.js"))};
      const emulator = createEmulator({ faults: { rules: [{ op: "pull", fault: "500", first: 1 }] } });
      const q = new QueuesClient({ accountId: "a", apiToken: "t", fetch: emulator.fetch, backoff: { baseMs: 1, capMs: 1 } }).queue("q");
      await q.send({ a: 1 });
      const { messages } = await q.pull();
      await q.ack({ acks: messages });
      await q.pull({ signal: AbortSignal.abort() }).catch(() => {});
      globalThis.started = Date.now();
      process.on("exit", () => console.log("exited after", Date.now() - globalThis.started, "ms"));`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(run.status).toBe(0);
    // a leftover 30 s attempt timer would hold the process for 30 s; the spawn limit is 20 s
    expect(run.stdout).toMatch(/^exited after \d+ ms/);
  });
});
