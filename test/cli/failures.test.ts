// Where the CLI goes and as whom (flags over the environment, wrangler's variable names), and what
// it says when that fails: one line with what to check, never a stack trace, and never a secret.
import { createServer, type AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  cfq,
  killChildren,
  records,
  serve,
  standIn,
  start,
  tempFile,
  type Ran,
  type Server,
  type StandIn,
} from "./cli.js";

afterEach(killChildren);

const RIGHT_TOKEN = "right-token-0f3e9a";
let guarded: Server; // accepts RIGHT_TOKEN only; strict: unknown queues are 404
beforeAll(async () => {
  guarded = await serve({
    strict: true,
    tokens: [RIGHT_TOKEN],
    queues: { orders: {}, nopull: { http_pull: false } },
  });
});
afterAll(() => guarded.stop());

/** The one line a failure prints (and that it is the only one). */
function onlyLine(ran: Ran): string {
  const lines = ran.stderr.split("\n");
  expect(lines, ran.stderr).toHaveLength(2);
  expect(lines[1]).toBe("");
  return lines[0]!;
}

/** A port nothing listens on. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const as = (token: string) => ["--api-token", token, "--account-id", "acc", "--base-url", guarded.url];

describe("expected failures: one line saying what to check, exit 1", () => {
  it('a wrong token: 403, and the token needs "Queues Write"', async () => {
    const ran = await cfq(["pull", "orders", ...as("wrong-token-7c1d")]);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toBe("");
    expect(onlyLine(ran)).toBe(
      'cfq pull: Cloudflare API 403 on queues-pull-messages: 10000 Authentication error (check the API token and the account id: the token needs the permission "Queues Write" (dashboard: Account, Queues, Edit))',
    );
    const json = await cfq(["pull", "orders", "--json", ...as("wrong-token-7c1d")]);
    expect(json.code).toBe(1);
    expect(records(json.stderr)).toEqual([
      {
        error: {
          message: "Cloudflare API 403 on queues-pull-messages: 10000 Authentication error",
          hint: 'check the API token and the account id: the token needs the permission "Queues Write" (dashboard: Account, Queues, Edit)',
          status: 403,
          code: 10000,
        },
      },
    ]);
  });

  it("no HTTP pull consumer: 405, and how to add one (pull, and tail, which gives up at once on --local)", async () => {
    const hint =
      "(the queue has no HTTP pull consumer: add one with `wrangler queues consumer http add QUEUE_NAME` (then allow a few seconds))";
    const pull = await cfq(["pull", "nopull", ...as(RIGHT_TOKEN)]);
    expect(pull.code).toBe(1);
    expect(onlyLine(pull)).toBe(
      `cfq pull: Cloudflare API 405 on queues-pull-messages: 0 messages cannot be pulled unless http_pull mode is enabled ${hint}`,
    );
    const tail = await cfq([
      "tail",
      "nopull",
      "--api-token",
      RIGHT_TOKEN,
      "--local",
      "--base-url",
      guarded.url,
      "--json",
    ]);
    expect(tail.code).toBe(1);
    expect(records(tail.stderr)).toEqual([
      { error: expect.objectContaining({ status: 405, hint: hint.slice(1, -1) }) },
    ]);
  });

  it("an unknown queue: 404, and check the queue's id, not its name", async () => {
    const ran = await cfq(["peek", "no-such-queue", ...as(RIGHT_TOKEN)]);
    expect(ran.code).toBe(1);
    expect(onlyLine(ran)).toMatch(
      /^cfq peek: Cloudflare API 404 on queues-peek-messages: 10104 .* \(check the queue's id \(not its name: `wrangler queues list` shows the ids\) and the account id\)$/,
    );
  });

  it("the API's rate limit: 429, said as such (after the client's retries)", async () => {
    const stub = await standIn(() => ({
      status: 429,
      errors: [{ code: 971, message: "Please wait and consider throttling your request speed" }],
      headers: { "retry-after": "0" },
    }));
    try {
      const ran = await cfq(["push", "q", "{}", ...stub.local]);
      expect(ran.code).toBe(1);
      expect(onlyLine(ran)).toBe(
        "cfq push: Cloudflare API 429 on queues-push-message: 971 Please wait and consider throttling your request speed (rate limit: Cloudflare allows about 1,200 API requests per 5 minutes per account; wait, then try again)",
      );
      expect(stub.requests).toHaveLength(3); // the first attempt and the client's 2 retries
    } finally {
      await stub.close();
    }
  });

  it("an unreachable host: the base URL, and where it came from (--base-url, CFQ_BASE_URL, or --local)", async () => {
    const url = `http://127.0.0.1:${await freePort()}/client/v4`;
    const fromEnv = await cfq(["pull", "q"], {
      env: { CFQ_BASE_URL: url, CLOUDFLARE_ACCOUNT_ID: "acc", CLOUDFLARE_API_TOKEN: "t0ken-from-env" },
    });
    expect(fromEnv.code).toBe(1);
    expect(onlyLine(fromEnv)).toMatch(
      new RegExp(
        `^cfq pull: Network error on queues-pull-messages: fetch failed: connect ECONNREFUSED .* \\(cannot reach ${url}: check --base-url or CFQ_BASE_URL \\(--local is a \`cfq serve\` on this machine\\)\\)$`,
      ),
    );
    const local = await cfq(["pull", "q", "--local", "--base-url", url]);
    expect(onlyLine(local)).toMatch(
      new RegExp(
        `\\(is \`cfq serve\` running at ${url}\\? \\(start it with \`npx cfq serve\`, or give its URL with --base-url\\)\\)$`,
      ),
    );
  });
});

describe("where to, and as whom", () => {
  let stub: StandIn;
  beforeAll(async () => {
    stub = await standIn(() => ({ result: { messages: [] } }));
  });
  afterAll(() => stub.close());

  /** A shell set up for wrangler. */
  const WRANGLER_ENV = { CLOUDFLARE_ACCOUNT_ID: "acc-env", CLOUDFLARE_API_TOKEN: "token-env-1234" };

  const lastRequest = () => {
    const { account, headers } = stub.requests.at(-1)!;
    return {
      account,
      authorization: headers.authorization,
      key: headers["x-auth-key"],
      email: headers["x-auth-email"],
    };
  };

  it("reads wrangler's variables: CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_API_TOKEN, and CFQ_BASE_URL", async () => {
    const env = { ...WRANGLER_ENV, CFQ_BASE_URL: stub.url };
    expect((await cfq(["pull", "q"], { env })).code).toBe(0);
    expect(lastRequest()).toMatchObject({ account: "acc-env", authorization: "Bearer token-env-1234" });
  });

  it("or CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL", async () => {
    const env = {
      CLOUDFLARE_ACCOUNT_ID: "acc-env",
      CLOUDFLARE_API_KEY: "key-1234",
      CLOUDFLARE_EMAIL: "me@example.com",
    };
    expect((await cfq(["pull", "q", "--base-url", stub.url], { env })).code).toBe(0);
    expect(lastRequest()).toEqual({
      account: "acc-env",
      authorization: undefined,
      key: "key-1234",
      email: "me@example.com",
    });
  });

  it("flags win over the environment", async () => {
    const env = { ...WRANGLER_ENV, CFQ_BASE_URL: "http://127.0.0.1:1/client/v4" }; // not where it goes
    const args = [
      "pull",
      "q",
      "--account-id",
      "acc-flag",
      "--api-token",
      "token-flag-5678",
      "--base-url",
      stub.url,
    ];
    expect((await cfq(args, { env })).code).toBe(0);
    expect(lastRequest()).toMatchObject({ account: "acc-flag", authorization: "Bearer token-flag-5678" });
  });

  it("--local: the development account and token, and the environment is ignored", async () => {
    const env = { ...WRANGLER_ENV, CFQ_BASE_URL: "http://127.0.0.1:1/client/v4" }; // not where it goes
    expect((await cfq(["pull", "q", "--local", "--base-url", stub.url], { env })).code).toBe(0);
    expect(lastRequest()).toMatchObject({ account: "local", authorization: "Bearer dev-token" });
  });
});

describe("secrets never appear in any output", () => {
  const SECRETS = {
    flag: "tok-flag-SECRET-1a2b3c",
    env: "tok-env-SECRET-4d5e6f",
    key: "key-SECRET-7a8b9c",
    email: "secret.person@example.com",
  };
  const keyEnv = {
    CLOUDFLARE_ACCOUNT_ID: "acc",
    CLOUDFLARE_API_KEY: SECRETS.key,
    CLOUDFLARE_EMAIL: SECRETS.email,
  };

  it("in successes, failures, usage errors and --json, with the token in a flag, in the environment, or a key and email", async () => {
    const unreachable = `http://127.0.0.1:${await freePort()}/client/v4`;
    // a server that quotes the credentials back in its error
    const echo = await standIn(({ headers }) => ({
      status: 403,
      errors: [
        {
          code: 10000,
          message: `rejected ${headers.authorization} ${headers["x-auth-key"]} ${headers["x-auth-email"]}`,
        },
      ],
    }));
    const lines = tempFile("lines.ndjson", '{"a":1}\nnot json\n');
    const tokenEnv = { CLOUDFLARE_ACCOUNT_ID: "acc", CLOUDFLARE_API_TOKEN: SECRETS.env };
    /** With the token in a flag. */
    const flagged = (...args: string[]): [string[], Record<string, string>] => [
      [...args, "--api-token", SECRETS.flag, "--account-id", "acc"],
      {},
    ];
    const runs: [string[], Record<string, string>][] = [];
    for (const json of [[], ["--json"]]) {
      runs.push(
        flagged("push", "orders", "{}", "--base-url", guarded.url, ...json),
        flagged("pull", "orders", "--base-url", guarded.url, ...json),
        [["pull", "orders", "--base-url", guarded.url, ...json], tokenEnv],
        [["pull", "orders", "--base-url", guarded.url, ...json], keyEnv],
        [
          [
            "pull",
            "orders",
            `--api-token=${SECRETS.flag}`,
            "--account-id",
            "a",
            "--base-url",
            echo.url,
            ...json,
          ],
          {},
        ],
        [["pull", "orders", "--base-url", echo.url, ...json], keyEnv],
        [["pull", "orders", "--base-url", echo.url, ...json], tokenEnv],
        flagged("pull", "orders", "--base-url", unreachable, ...json),
        flagged("push", "orders", "--file", lines, "--base-url", guarded.url, ...json),
        flagged("ack", "orders", "some-lease", "--base-url", echo.url, ...json),
        flagged("pull", "orders", "--bach", "5", ...json),
        flagged("pull", "orders", "--batch", "500", ...json),
        [["pull", "orders", "--api-tokn", SECRETS.flag, ...json], {}],
        [["pull", "orders", `--api-tokn=${SECRETS.flag}`, ...json], {}],
        [["pull", "orders", ...json], { CLOUDFLARE_API_TOKEN: SECRETS.env }],
        [["pull", "orders", "--account-id", "acc", ...json], { CLOUDFLARE_API_KEY: SECRETS.key }],
        [["pull", "orders", "--account-id", "acc", ...json], { CLOUDFLARE_EMAIL: SECRETS.email }],
        flagged("tail", "nopull", "--local", "--base-url", guarded.url, ...json),
      );
    }
    try {
      const outputs = await Promise.all(runs.map(([args, env]) => cfq(args, { env })));
      outputs.forEach((ran, i) => {
        const [args, env] = runs[i]!;
        const output = ran.stdout + ran.stderr;
        expect(output.length, `${args.join(" ")} said nothing`).toBeGreaterThan(0);
        for (const secret of Object.values(SECRETS)) {
          expect(output, `${args.join(" ")} ${JSON.stringify(env)}`).not.toContain(secret);
        }
      });
      // the echoing server did quote them: the scrubbing was needed
      expect(outputs.some((ran) => ran.stderr.includes("rejected Bearer [redacted]"))).toBe(true);
    } finally {
      await echo.close();
    }
  });

  it("a credential given where data goes (a lease id, an extra argument) is scrubbed from what the CLI prints", async () => {
    const credentials = ["--api-token", RIGHT_TOKEN, "--account-id", "acc", "--base-url", guarded.url];
    const ack = await cfq(["ack", "orders", RIGHT_TOKEN, ...credentials]);
    expect(ack.code).toBe(1);
    expect(ack.stderr).toMatch(/^cfq ack: lease id \[redacted\]: lease not found/);
    const extra = await cfq(["pull", "orders", RIGHT_TOKEN, ...credentials]);
    expect(extra.code).toBe(2);
    expect(extra.stderr.split("\n")[0]).toBe('cfq pull: unexpected argument "[redacted]"');
    const fromEnv = await cfq(["ack", "orders", SECRETS.env, "--json", "--base-url", guarded.url], {
      env: { CLOUDFLARE_ACCOUNT_ID: "acc", CLOUDFLARE_API_TOKEN: SECRETS.env },
    });
    expect(records(fromEnv.stderr)).toEqual([{ error: expect.objectContaining({ status: 403 }) }]);
    for (const ran of [ack, extra, fromEnv]) {
      expect(ran.stdout + ran.stderr).not.toContain(RIGHT_TOKEN);
      expect(ran.stdout + ran.stderr).not.toContain(SECRETS.env);
    }
  });

  it("tail, stopped with Ctrl-C, says nothing of its token either", async () => {
    const tail = start(["tail", "orders", "--api-token", RIGHT_TOKEN, "--local", "--base-url", guarded.url]);
    await tail.line(/^cfq tail: consuming/, "stderr"); // its signal handlers are installed
    tail.child.kill("SIGINT");
    const ran = await tail.done;
    expect(ran.code).toBe(0);
    expect(ran.stderr).toContain("cfq tail: stopped");
    expect(ran.stdout + ran.stderr).not.toContain(RIGHT_TOKEN);
  });
});
