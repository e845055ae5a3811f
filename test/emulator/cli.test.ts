// `cfq serve`, run as users run it: the built binary in a child process.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { QueuesClient } from "../../src/index.js";

const bin = join(import.meta.dirname, "../../dist/src/cli/main.js");
const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((c) => c.exitCode === null && c.kill("SIGKILL")));

function run(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
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

async function configFile(config: unknown) {
  const dir = await mkdtemp(join(tmpdir(), "cfq-"));
  const file = join(dir, "cfq.config.json");
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

  it("explains itself with --help, and refuses unknown commands", async () => {
    const help = run(["--help"]);
    expect(await help.exited).toBe(0);
    expect(help.lines.join("\n")).toMatch(/Usage: cfq serve/);
    const unknown = run(["launch"]);
    expect(await unknown.exited).toBe(1);
    expect(unknown.stderr()).toMatch(/unknown command "launch"/);
  });
});
