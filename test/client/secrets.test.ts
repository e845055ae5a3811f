import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { everythingAbout } from "../helpers/renderings.js";
import { QueuesClient } from "../../src/index.js";
import { envelope, failure, recordingFetch } from "../helpers/recording-fetch.js";

const TOKEN = "tok_Sup3rSecretValue";
const EMAIL = "owner-secret@example.com";
const KEY = "gk_S3cretGlobalKey";

// Answers that quote the request back, the way a misconfigured proxy does.
const echoingAnswers = (headers: Record<string, string>) => [
  new Response(`<pre>${JSON.stringify(headers)}</pre>`, {
    status: 502,
    headers: { "content-type": "text/html" },
  }),
  failure(403, 10000, `Authentication error for ${JSON.stringify(headers)}`),
  envelope(null, { success: false, errors: [{ code: 15000, message: `echo ${JSON.stringify(headers)}` }] }),
  new Response(`echo ${JSON.stringify(headers)}`, { status: 200 }),
];

describe("credentials never leak", () => {
  it.each([
    ["token", { apiToken: TOKEN }],
    ["email + key", { apiEmail: EMAIL, apiKey: KEY }],
  ])("through errors of every kind (%s)", async (_, auth) => {
    const rec = recordingFetch((req, i) => echoingAnswers(req.headers)[i % 4]!);
    const client = new QueuesClient({ accountId: "acc", ...auth, fetch: rec.fetch } as never);
    const q = client.queue("q");
    const errors = [];
    for (let i = 0; i < 4; i++) errors.push(await q.pull().catch((e: unknown) => e));
    // a transport that throws, quoting what it was given
    const throwing = new QueuesClient({
      accountId: "acc",
      ...auth,
      fetch: (async (_url: string, init: RequestInit) => {
        throw new TypeError(`fetch failed: ${JSON.stringify(Object.fromEntries(new Headers(init.headers)))}`);
      }) as never,
    } as never);
    errors.push(
      await throwing
        .queue("q")
        .send({ a: 1 })
        .catch((e: unknown) => e),
    );
    expect(errors.every((e) => e instanceof Error)).toBe(true);
    // the echo proxy really did see the credentials, so the scrubbing is what keeps them out
    expect(JSON.stringify(rec.calls)).toMatch(/S3cret|Sup3rSecret/);
    for (const error of errors) {
      const text = everythingAbout(error);
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(EMAIL);
      expect(text).not.toContain(KEY);
    }
  });

  it("through the client and queue objects themselves", () => {
    const client = new QueuesClient({ accountId: "acc", apiEmail: EMAIL, apiKey: KEY });
    const tokenClient = new QueuesClient({ accountId: "acc", apiToken: TOKEN });
    for (const value of [client, client.queue("q"), tokenClient, tokenClient.queue("q"), client.raw]) {
      const text = [inspect(value, { depth: 10, showHidden: true }), JSON.stringify(value)].join("\n");
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(EMAIL);
      expect(text).not.toContain(KEY);
    }
  });
});
