// A server that quotes credentials back, redirects, or answers without end: the client keeps the
// credentials to itself, never follows a redirect, and stops reading at a bound.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { InvalidResponseError, LIMITS, QueuesClient } from "../../src/index.js";
import { everythingAbout } from "../helpers/renderings.js";
import { envelope, recordingFetch } from "../helpers/recording-fetch.js";

const TOKEN = "tok_HostileTest_5d1c9e";
const EMAIL = "someone.private@example.com";
const KEY = "gk_HostileTest_a8b77f";
const SCHEMES = [
  ["token", { apiToken: TOKEN }],
  ["email + key", { apiEmail: EMAIL, apiKey: KEY }],
] as const;

describe("a bare credential quoted anywhere in an answer never reaches an error", () => {
  // Every place of an answer that ends up in an error, each quoting the credentials bare, URL-encoded
  // and JSON-escaped (the \u escape form a JSON encoder may choose).
  const quote = (secret: string) =>
    `${secret} / ${encodeURIComponent(secret)} / ${JSON.stringify(secret).slice(1, -1)}`;
  const hostileAnswers = (secrets: string[]) => {
    const q = secrets.map(quote).join(" | ");
    const escaped = secrets.map((s) =>
      [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""),
    );
    return [
      new Response(
        JSON.stringify({
          success: false,
          errors: [
            {
              code: 10000,
              message: `token ${q} is invalid`,
              documentation_url: `https://example.com/docs?key=${q}`,
              source: { pointer: `/${q}` },
              error_chain: [{ code: 6103, message: `bad ${q}` }],
              [secrets[0]!]: "a credential as a key",
            },
          ],
          messages: [],
          result: null,
        }),
        { status: 403, headers: { "content-type": "application/json", "cf-ray": `ray-${secrets[0]}` } },
      ),
      // the same credential spelled with JSON \u escapes: invisible to a scrub of the raw text
      new Response(
        `{"success":false,"errors":[{"code":10000,"message":"token ${escaped.join(" ")} is invalid"}],"messages":[],"result":null}`,
        { status: 403, headers: { "content-type": "application/json" } },
      ),
      new Response(`<html>upstream said: ${q}</html>`, {
        status: 502,
        headers: { "content-type": `text/html; ${q}` },
      }),
      new Response(JSON.stringify({ echo: q }), {
        status: 500,
        headers: { "content-type": "application/json" },
      }),
    ];
  };

  it.each(SCHEMES)("(%s): message, toString, JSON, inspect, every field and the cause", async (_, auth) => {
    const secrets = Object.values(auth) as string[];
    const answers = hostileAnswers(secrets);
    const rec = recordingFetch((_, i) => answers[i]!);
    const q = new QueuesClient({ accountId: "acc", ...auth, fetch: rec.fetch, maxRetries: 0 }).queue("q");
    const errors = [];
    for (let i = 0; i < answers.length; i++) errors.push(await q.pull().catch((e: unknown) => e));
    expect(errors.map((e) => (e as Error).name)).toEqual([
      "CloudflareApiError",
      "CloudflareApiError",
      "InvalidResponseError",
      "InvalidResponseError",
    ]);
    // the answers really held the credentials: the scrubbing is what keeps them out
    const first = errors[0] as { errors: { message: string }[]; requestId: string };
    expect(first.errors[0]!.message).toMatch(/^token \[redacted\]/);
    expect(first.requestId).toBe("ray-[redacted]");
    for (const error of errors) {
      const text = everythingAbout(error) + JSON.stringify(Object.entries(error as object));
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });

  it.each(SCHEMES)("(%s): a transport error that quotes the credentials", async (_, auth) => {
    const secrets = Object.values(auth) as string[];
    const fetch = (async () => {
      throw new TypeError(`fetch failed for ${secrets.map(quote).join(" ")}`, {
        cause: Object.assign(new Error(`connect ${secrets.join(" ")}`), { code: "ECONNRESET" }),
      });
    }) as typeof globalThis.fetch;
    const q = new QueuesClient({ accountId: "acc", ...auth, fetch, maxRetries: 0 }).queue("q");
    const error = await q.pull().catch((e: unknown) => e);
    expect((error as Error).name).toBe("NetworkError");
    for (const secret of secrets) expect(everythingAbout(error)).not.toContain(secret);
  });
});

describe("redirects are never followed", () => {
  const servers: Server[] = [];
  afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done)))));

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it.each([301, 302, 303, 307, 308])(
    "a %i to another origin (key and email, or token): the other origin gets nothing, the call fails and is not retried",
    async (status) => {
      const elsewhere: IncomingHttpHeaders[] = [];
      const other = await serve((req, res) => {
        elsewhere.push(req.headers);
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ success: true, errors: [], messages: [], result: {} }));
      });
      let asked = 0;
      const api = await serve((req, res) => {
        asked++;
        req.resume();
        res.writeHead(status, { location: `${other}${req.url}` }).end();
      });
      const credentials = [{ apiEmail: EMAIL, apiKey: KEY }, { apiToken: TOKEN }];
      for (const credential of credentials) {
        const q = new QueuesClient({ accountId: "acc", ...credential, baseUrl: `${api}/client/v4` }).queue(
          "q",
        );
        const error = (await q
          .send({ order: 1 }, { retryPushes: "always" })
          .catch((e: unknown) => e)) as InvalidResponseError;
        expect(error).toBeInstanceOf(InvalidResponseError);
        expect(error.reason).toBe("redirect");
        expect(error.status).toBe(status);
        expect(error.message).toContain(
          `answered with a redirect to "${other}/client/v4/accounts/acc/queues/q/messages"`,
        );
      }
      expect(asked).toBe(credentials.length);
      expect(elsewhere).toEqual([]);
    },
  );

  it("a custom fetch that follows anyway: another origin's answer is never reported as the result", async () => {
    const other = await serve((req, res) => {
      req.resume();
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({ success: true, errors: [], messages: [], result: { message_backlog_count: 7 } }),
      );
    });
    const api = await serve((req, res) => res.writeHead(307, { location: `${other}${req.url}` }).end());
    const following = ((url: string, init: RequestInit) =>
      fetch(url, { ...init, redirect: "follow" })) as typeof fetch;
    const q = new QueuesClient({ accountId: "acc", apiToken: TOKEN, baseUrl: api, fetch: following }).queue(
      "q",
    );
    await expect(q.pull()).rejects.toMatchObject({ name: "InvalidResponseError", reason: "redirect" });
  });
});

describe("answers are read up to a bound", () => {
  /** An endless body of 1 MB chunks of JSON-ish text, counting what was produced. */
  function endless() {
    const produced = { chunks: 0, cancelled: false };
    const chunk = new TextEncoder().encode("x".repeat(1 << 20));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        produced.chunks++;
        controller.enqueue(chunk);
      },
      cancel() {
        produced.cancelled = true;
      },
    });
    return { stream, produced };
  }

  it("the bound is what the largest valid answer needs: 100 messages of 128 KB, JSON-escaped", () => {
    expect(LIMITS.maxResponseBytes).toBeGreaterThanOrEqual(100 * 128_000 * 6);
    expect(LIMITS.maxResponseBytes).toBeLessThan(100 * 1024 * 1024);
  });

  it("an endless body: reading stops past the bound, with a clear error, and it is not retried", async () => {
    const { stream, produced } = endless();
    const rec = recordingFetch(
      () => new Response(stream, { headers: { "content-type": "application/json" } }),
    );
    const q = new QueuesClient({ accountId: "acc", apiToken: TOKEN, fetch: rec.fetch }).queue("q");
    const error = (await q.pull().catch((e: unknown) => e)) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.reason).toBe("too-large");
    expect(error.message).toContain(`more than any valid answer (at most ${LIMITS.maxResponseBytes} bytes)`);
    expect(rec.calls).toHaveLength(1);
    expect(produced.cancelled).toBe(true);
    // at most the bound and the stream's read-ahead were produced, never the whole (endless) body
    expect(produced.chunks).toBeLessThanOrEqual(Math.ceil(LIMITS.maxResponseBytes / (1 << 20)) + 2);
  });

  it("a Content-Length past the bound is refused before a byte of the body is read", async () => {
    const { stream, produced } = endless();
    const rec = recordingFetch(
      () => new Response(stream, { headers: { "content-length": String(LIMITS.maxResponseBytes + 1) } }),
    );
    const q = new QueuesClient({ accountId: "acc", apiToken: TOKEN, fetch: rec.fetch }).queue("q");
    await expect(q.pull()).rejects.toMatchObject({ name: "InvalidResponseError", reason: "too-large" });
    expect(produced.chunks).toBeLessThanOrEqual(1); // a stream may pull once ahead of any read
    expect(produced.cancelled).toBe(true);
  });

  it("an answer within the bound is read whole", async () => {
    const rec = recordingFetch(() => envelope({ message_backlog_count: 3, messages: [] }));
    const q = new QueuesClient({ accountId: "acc", apiToken: TOKEN, fetch: rec.fetch }).queue("q");
    expect((await q.pull()).backlogCount).toBe(3);
  });
});
