// `cfq serve`, run as users run it: the built binary in a child process.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { connect, createServer, type AddressInfo } from "node:net";
import { getHeapStatistics } from "node:v8";
import { QueuesClient } from "../../src/index.js";

const bin = join(import.meta.dirname, "../../dist/src/cli/main.js");
const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((c) => c.exitCode === null && c.kill("SIGKILL")));

function run(args: string[], options: { env?: Record<string, string>; nodeArgs?: string[] } = {}) {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), bin, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...options.env },
  });
  children.push(child);
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (line: string) => void }[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    lines.push(line);
    for (const w of waiters.filter((w) => w.re.test(line))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line);
    }
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const waitFor = (re: RegExp) =>
    new Promise<string>((resolve) => {
      const seen = lines.find((l) => re.test(l));
      if (seen) resolve(seen);
      else waiters.push({ re, resolve });
    });
  return { child, lines, exited, waitFor, stderr: () => stderr };
}

async function configFile(config: unknown, name = "cfq.config.json") {
  const dir = await mkdtemp(join(tmpdir(), "cfq-"));
  const file = join(dir, name);
  await writeFile(file, typeof config === "string" ? config : JSON.stringify(config));
  return file;
}

describe("cfq serve", () => {
  it.each(["SIGINT", "SIGTERM"] as const)(
    "prints its base URL, serves with the config and tokens, logs each request, and exits 0 on %s",
    async (signal) => {
      const config = await configFile({ tokens: ["from-config"], queues: { orders: { max_retries: 1 } } });
      const cli = run(["serve", "--port", "0", "--config", config, "--token", "from-flag"]);
      const ready = await cli.waitFor(/listening on/);
      const url = /(http:\/\/127\.0\.0\.1:\d+\/client\/v4)$/.exec(ready)![1]!;
      for (const apiToken of ["from-config", "from-flag"]) {
        const q = new QueuesClient({ accountId: "acc", apiToken, baseUrl: url }).queue("orders");
        await q.send({ via: apiToken });
      }
      const denied = new QueuesClient({ accountId: "acc", apiToken: "nope", baseUrl: url }).queue("orders");
      await expect(denied.pull()).rejects.toMatchObject({ status: 403 });
      await cli.waitFor(/ 403 /);
      const requestLines = cli.lines.filter((l) => l.startsWith("POST "));
      expect(requestLines).toEqual([
        expect.stringMatching(/^POST \/client\/v4\/accounts\/acc\/queues\/orders\/messages 200 [\d.]+ms$/),
        expect.stringMatching(/^POST \/client\/v4\/accounts\/acc\/queues\/orders\/messages 200 /),
        expect.stringMatching(/^POST \/client\/v4\/accounts\/acc\/queues\/orders\/messages\/pull 403 /),
      ]);
      cli.child.kill(signal);
      expect(await cli.exited).toBe(0);
    },
  );

  it("binds to 127.0.0.1 by default", async () => {
    const cli = run(["serve", "--port", "0"]);
    expect(await cli.waitFor(/listening on/)).toMatch(/http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  });

  it.each([
    [
      { queues: { orders: { max_retries: "3" } } },
      'queues.orders.max_retries must be an integer from 0 to 100; got "3"',
    ],
    [{ queues: { orders: { visibility: 1 } } }, "unknown key queues.orders.visibility"],
    [{ strict: "yes" }, 'strict must be true or false; got "yes"'],
    [{ tokens: "dev-token" }, "tokens must be an array of strings"],
    ["{ not json", "is not valid JSON"],
  ])("refuses a bad config with a message naming the key: %j", async (config, message) => {
    const cli = run(["serve", "--port", "0", "--config", await configFile(config)]);
    expect(await cli.exited).toBe(1);
    expect(cli.stderr()).toContain(message);
  });

  it("refuses a bad faults file, naming the key", async () => {
    const faults = await configFile({ seed: 1, rules: [{ op: "pull", fault: "404" }] });
    const cli = run(["serve", "--port", "0", "--faults", faults]);
    expect(await cli.exited).toBe(1);
    expect(cli.stderr()).toContain("faults.rules[0].fault must be one of");
  });

  it("explains itself with --help, saying that state is in memory only, and refuses unknown commands", async () => {
    const help = run(["serve", "--help"]);
    expect(await help.exited).toBe(0);
    expect(help.lines.join("\n")).toMatch(/Usage: cfq serve/);
    expect(help.lines.join("\n")).toMatch(
      /State is in memory only: every message and lease is lost when it stops/,
    );
    const unknown = run(["launch"]);
    expect(await unknown.exited).toBe(2); // bad usage
    expect(unknown.stderr()).toMatch(/unknown command "launch"/);
  });

  it("never prints a configured token: not at start-up, not in the request log, not in config errors", async () => {
    const secrets = {
      config: "tok_Config_3a9f",
      flag: "tok_Flag_77c1",
      file: "tok_File_0b2e",
      env: "tok_Env_5d4a",
    };
    const config = await configFile({ tokens: [secrets.config] });
    const tokenFile = await configFile(`# team tokens\n\n  ${secrets.file}  \n`, "tokens.txt");
    const cli = run(
      ["serve", "--port", "0", "--config", config, "--token", secrets.flag, "--token-file", tokenFile],
      {
        env: { CFQ_SERVE_TOKENS: ` ${secrets.env},, ` },
      },
    );
    const url = /(http:\/\/\S+\/client\/v4)$/.exec(await cli.waitFor(/listening on/))![1]!;
    expect(cli.lines.join("\n")).toMatch(/4 tokens accepted/);
    for (const apiToken of Object.values(secrets)) {
      await new QueuesClient({ accountId: "acc", apiToken, baseUrl: url }).queue("q").send({ a: 1 });
    }
    // a client that puts its token where it does not belong: in the path, and as a field name
    const misplaced = await fetch(`${url}/accounts/${secrets.flag}/queues/q/messages/pull`, {
      method: "POST",
      headers: { authorization: `Bearer ${secrets.env}`, "content-type": "application/json" },
      body: JSON.stringify({ [secrets.file]: 1 }),
    });
    expect(misplaced.status).toBe(200);
    await cli.waitFor(/\/pull 200 /);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    const output = cli.lines.join("\n") + cli.stderr();
    expect(output).toMatch(/accounts\/\[redacted\]\/queues.*\(ignored unknown field: \[redacted\]\)/);
    for (const secret of Object.values(secrets)) expect(output).not.toContain(secret);

    const short = "tok_9f2"; // short enough for V8 to quote it whole around a syntax error
    for (const [bad, message] of [
      [{ tokens: secrets.config }, "tokens must be an array of strings; got a string"],
      [{ tokens: [secrets.config, ""] }, "tokens[1] must be a non-empty string; got an empty string"],
      [`{"tokens": ["${short}", x]}`, "is not valid JSON: Unexpected token 'x'"],
      [`{"tokens": ["${secrets.config}"] "strict": true}`, "is not valid JSON"],
    ] as const) {
      const refused = run(["serve", "--port", "0", "--config", await configFile(bad)]);
      expect(await refused.exited).toBe(1);
      expect(refused.stderr()).toContain(message);
      for (const secret of [secrets.config, short]) {
        expect(refused.stderr() + refused.lines.join("\n")).not.toContain(secret);
      }
    }
  });

  it("refuses a token file it cannot read, or one with no token, naming the file", async () => {
    const missing = run(["serve", "--port", "0", "--token-file", "/nonexistent/tokens.txt"]);
    expect(await missing.exited).toBe(1);
    expect(missing.stderr()).toContain("cfq serve: --token-file: cannot read /nonexistent/tokens.txt");
    const emptyFile = await configFile("# nothing yet\n\n", "tokens.txt");
    const empty = run(["serve", "--port", "0", "--token-file", emptyFile]);
    expect(await empty.exited).toBe(1);
    expect(empty.stderr()).toContain(`cfq serve: --token-file: ${emptyFile} holds no tokens`);
  });

  it("--quiet turns the request log off", async () => {
    const cli = run(["serve", "--port", "0", "--quiet"]);
    const url = /(http:\/\/\S+\/client\/v4)$/.exec(await cli.waitFor(/listening on/))![1]!;
    const q = new QueuesClient({ accountId: "acc", apiToken: "t", baseUrl: url }).queue("q");
    await q.send({ a: 1 });
    await q.pull();
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(cli.lines.filter((line) => line.startsWith("POST "))).toEqual([]);
    expect(cli.lines.at(-1)).toBe("SIGTERM: shutting down");
  });

  it("never buffers log lines without bound: with stdout unread, lines are dropped, and counted once it drains", async () => {
    const child = spawn(process.execPath, [bin, "serve", "--port", "0"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(child);
    let output = "";
    const onData = (chunk: Buffer) => (output += chunk);
    child.stdout!.on("data", onData);
    while (!/listening on (\S+)/.test(output)) await new Promise((resolve) => setTimeout(resolve, 10));
    const url = /listening on (\S+)/.exec(output)![1]!;
    child.stdout!.pause(); // nobody reads: the pipe fills, then the server's own buffer
    const requests = 3000;
    const q = new QueuesClient({ accountId: "acc", apiToken: "t", baseUrl: url }).queue("q");
    for (let i = 0; i < requests; i++) await q.pull();
    child.stdout!.resume();
    while (!/log lines? dropped/.test(output)) await new Promise((resolve) => setTimeout(resolve, 10));
    const dropped = Number(/cfq: (\d+) log lines? dropped while stdout was not being read/.exec(output)![1]);
    const logged = output.split("\n").filter((line) => line.startsWith("POST ")).length;
    expect(dropped).toBeGreaterThan(0);
    expect(logged + dropped).toBe(requests); // every request is either logged or counted
  });

  it("--faults FILE takes the README's shape ({ faults: { seed, rules } }) as well as { seed, rules }", async () => {
    const rules = [{ op: "pull", fault: "503", first: 1 }];
    for (const shape of [{ faults: { seed: 7, rules } }, { seed: 7, rules }]) {
      const cli = run(["serve", "--port", "0", "--faults", await configFile(shape)]);
      const url = /(http:\/\/\S+\/client\/v4)$/.exec(await cli.waitFor(/listening on/))![1]!;
      const q = new QueuesClient({ accountId: "acc", apiToken: "t", baseUrl: url, maxRetries: 0 }).queue("q");
      await expect(q.pull()).rejects.toMatchObject({ status: 503 });
      expect((await q.pull()).messages).toEqual([]);
      cli.child.kill("SIGTERM");
      expect(await cli.exited).toBe(0);
    }
    const readme = {
      faults: {
        seed: 7,
        rules: [
          { op: "pull", fault: "503", rate: 0.1 },
          { op: "*", fault: "delay", ms: 50 },
          { op: "push", fault: "drop-after", first: 2 },
        ],
      },
    };
    const cli = run(["serve", "--port", "0", "--faults", await configFile(readme)]);
    await cli.waitFor(/listening on/);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  });

  it("--max-stored-bytes refuses pushes past it; by default a quarter of the heap limit, printed at start-up", async () => {
    const limited = run(["serve", "--port", "0", "--max-stored-bytes", "1000"]);
    const url = /(http:\/\/\S+\/client\/v4)$/.exec(await limited.waitFor(/listening on/))![1]!;
    expect(limited.lines.join("\n")).toMatch(/max_stored_bytes 1000;/);
    const q = new QueuesClient({ accountId: "acc", apiToken: "t", baseUrl: url, maxRetries: 0 }).queue("q");
    await q.send("x".repeat(600), { contentType: "text" });
    await expect(q.send("x".repeat(600), { contentType: "text" })).rejects.toMatchObject({
      status: 429,
      code: 10251,
    });
    limited.child.kill("SIGTERM");
    expect(await limited.exited).toBe(0);

    const small = run(["serve", "--port", "0"], { nodeArgs: ["--max-old-space-size=256"] });
    await small.waitFor(/listening on/);
    const printed = Number(/max_stored_bytes (\d+);/.exec(small.lines.join("\n"))![1]);
    // a quarter of that process's heap limit: about 64 MiB, and well under this one's quarter
    expect(printed).toBeGreaterThan(60 * 2 ** 20);
    expect(printed).toBeLessThan(80 * 2 ** 20);
    expect(printed).toBeLessThan(getHeapStatistics().heap_size_limit / 4);
    small.child.kill("SIGTERM");
    expect(await small.exited).toBe(0);
  });

  it.each([
    [
      ["--max-stored-bytes", "1GB"],
      '--max-stored-bytes must be an integer from 0 to 9007199254740991; got "1GB"',
    ],
    [
      ["--cors", "localhost:5173"],
      '--cors must be an origin such as http://localhost:5173, or *; got "localhost:5173"',
    ],
    [["--port", "70000"], '--port must be an integer from 0 to 65535; got "70000"'],
  ])("refuses %j, naming the flag and the value", async (flags, message) => {
    const cli = run(["serve", "--port", "0", ...flags]);
    expect(await cli.exited).toBe(1);
    expect(cli.stderr()).toContain(message);
  });

  it("a port in use: one line naming the port and suggesting --port 0, no stack trace, exit 1", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const cli = run(["serve", "--port", String(port)]);
      expect(await cli.exited).toBe(1);
      expect(cli.stderr()).toBe(
        `cfq serve: port ${port} is in use on 127.0.0.1 (stop what listens there (another cfq serve?), or choose another port: --port 0 picks a free one)\n`,
      );
      expect(cli.lines).toEqual([]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("keeps its own -v and --version", async () => {
    for (const flag of ["-v", "--version"]) {
      const cli = run(["serve", flag]);
      expect(await cli.exited).toBe(0);
      expect(cli.lines).toEqual([expect.stringMatching(/^\d+\.\d+\.\d+/)]);
    }
  });

  it("--allow-host and --cors reach the server", async () => {
    const cli = run([
      "serve",
      "--port",
      "0",
      "--allow-host",
      "dev.example.test",
      "--cors",
      "http://app.test",
    ]);
    const { port } = new URL(/(http:\/\/\S+\/client\/v4)$/.exec(await cli.waitFor(/listening on/))![1]!);
    const statusFor = (host: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(port), "127.0.0.1");
        let raw = "";
        socket.on("data", (chunk) => (raw += chunk));
        socket.on("close", () => resolve(raw));
        socket.write(
          `POST /client/v4/accounts/acc/queues/q/messages/pull HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://app.test\r\n` +
            `Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
        );
      });
    expect(await statusFor("dev.example.test:8787")).toMatch(
      /^HTTP\/1\.1 200[^]*access-control-allow-origin: http:\/\/app\.test/i,
    );
    expect(await statusFor("other.example.test")).toMatch(/^HTTP\/1\.1 403/);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  });
});
