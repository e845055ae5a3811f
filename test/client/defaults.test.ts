// What users read in their editor is what runs: every `@default` tag of the client's options (and the
// producer's) states the value that `defaults.ts` holds, and the client really uses it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULTS } from "../../src/client/defaults.js";
import { QueuesClient } from "../../src/index.js";
import { PRODUCER_DEFAULTS } from "../../src/producer/defaults.js";
import { envelope, failure, recordingFetch } from "../helpers/recording-fetch.js";

/** Nested option objects, documented by their own interface: `backoff.baseMs`, `rateLimit.perMs`. */
const NESTED: Record<string, string> = { BackoffOptions: "backoff", RateLimitOptions: "rateLimit" };

/** Every documented property of an options file with a `@default` tag: name → the tag's text. */
function documentedDefaults(path = "../../src/client/options.ts"): Map<string, string> {
  const file = join(import.meta.dirname, path);
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found = new Map<string, string>();
  const visit = (node: ts.Node) => {
    if (ts.isPropertySignature(node)) {
      for (const tag of ts.getJSDocTags(node)) {
        if (tag.tagName.text !== "default") continue;
        const text = ts.getTextOfJSDocComment(tag.comment) ?? "";
        const owner = (node.parent as ts.InterfaceDeclaration).name?.text;
        const name = owner && NESTED[owner] ? `${NESTED[owner]}.${node.name.getText()}` : node.name.getText();
        found.set(name, text.trim());
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The value a tag states: a JavaScript literal, or `undefined` for "undefined (…)"; prose is not a value. */
function valueOf(tag: string): unknown {
  if (tag.startsWith("undefined")) return undefined;
  try {
    return new Function(`return (${tag});`)();
  } catch {
    throw new Error(`@default ${tag} is not a JavaScript value`);
  }
}

describe("the documented defaults are the ones in defaults.ts", () => {
  const documented = documentedDefaults();

  const expected: [string, unknown][] = [];
  for (const [key, value] of Object.entries(DEFAULTS)) {
    expected.push([key, value]);
    if (Object.values(NESTED).includes(key))
      for (const [inner, v] of Object.entries(value as object)) expected.push([`${key}.${inner}`, v]);
  }

  it.each(expected)("%s", (name, value) => {
    expect(documented.has(name), `options.ts documents a @default for ${name}`).toBe(true);
    expect(valueOf(documented.get(name)!)).toEqual(value);
  });

  it("every @default in options.ts is one of them (the fetch default is described, not a value)", () => {
    const known = new Set([...expected.map(([name]) => name), "fetch"]);
    expect([...documented.keys()].filter((name) => !known.has(name))).toEqual([]);
  });
});

describe("the producer's documented defaults are the ones in its defaults.ts", () => {
  const documented = documentedDefaults("../../src/producer/options.ts");

  it.each(Object.entries(PRODUCER_DEFAULTS))("%s", (name, value) => {
    expect(documented.has(name), `producer/options.ts documents a @default for ${name}`).toBe(true);
    expect(valueOf(documented.get(name)!)).toEqual(value);
  });

  it("and no other", () => {
    expect([...documented.keys()].filter((name) => !(name in PRODUCER_DEFAULTS))).toEqual([]);
  });
});

describe("the client runs with them", () => {
  it("the default base URL, retries and backoff", async () => {
    const rec = recordingFetch((_, i) =>
      i < 2 ? failure(503, 15000, "busy", { "retry-after": "0" }) : envelope({}),
    );
    const retries: number[] = [];
    const q = new QueuesClient({
      accountId: "a",
      apiToken: "t",
      fetch: rec.fetch,
      onRetry: (r) => retries.push(r.attempt),
    }).queue("q");
    await q.pull();
    expect(rec.calls[0]!.url.startsWith(`${DEFAULTS.baseUrl}/accounts/a/queues/q/`)).toBe(true);
    expect(retries).toEqual([1, 2]); // maxRetries: 2
    const rec2 = recordingFetch(() => failure(500, 15000, "down"));
    const q2 = new QueuesClient({
      accountId: "a",
      apiToken: "t",
      fetch: rec2.fetch,
      backoff: { capMs: 0 },
    }).queue("q");
    await expect(q2.send({ a: 1 })).rejects.toMatchObject({ status: 500, retries: 0 }); // retryPushes: "safe"
    await expect(q2.pull()).rejects.toMatchObject({ status: 500, retries: DEFAULTS.maxRetries });
  });
});

describe("the default rate limit runs", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("1,200 push and batch requests per 300,000 ms; pull and ack are not paced", async () => {
    vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"], now: 0 });
    const sentAt: [string, number][] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      sentAt.push([String(input).split("/").pop()!, Date.now()]);
      return envelope({});
    }) as typeof globalThis.fetch;
    const q = new QueuesClient({ accountId: "a", apiToken: "t", fetch }).queue("q");
    const budget = Array.from({ length: 1_200 }, (_, i) =>
      i % 2 ? q.send({ i }) : q.sendBatch([{ body: { i } }]),
    );
    const over = q.send({ over: true });
    const exempt = [q.pull(), q.ack({ acks: ["lease"] })];
    await vi.advanceTimersByTimeAsync(299_999);
    expect(sentAt).toHaveLength(1_202);
    expect(sentAt.every(([, at]) => at === 0)).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all([...budget, over, ...exempt]);
    expect(sentAt.at(-1)).toEqual(["messages", DEFAULTS.rateLimit.perMs]);
  });
});
