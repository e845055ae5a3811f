// The command line itself: help, version, and bad usage (exit 2: one line naming the problem, then
// the command's usage), for every command and flag shape.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { bin, cfq, cleanEnv, killChildren, records, root } from "./cli.js";

afterEach(killChildren);

const COMMANDS = ["push", "pull", "ack", "tail", "peek", "purge", "serve", "help", "version"];
const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;

describe("cfq help and cfq version", () => {
  it("cfq help and cfq --help list every command, on stdout, exit 0", async () => {
    for (const args of [["help"], ["--help"], ["-h"]]) {
      const ran = await cfq(args);
      expect(ran.code, args.join(" ")).toBe(0);
      expect(ran.stderr).toBe("");
      for (const name of COMMANDS) expect(ran.stdout).toMatch(new RegExp(`^  ${name}\\s+\\S`, "m"));
    }
  });

  it("cfq alone prints the general help on stderr and exits 2", async () => {
    const ran = await cfq([]);
    expect(ran.code).toBe(2);
    expect(ran.stdout).toBe("");
    expect(ran.stderr).toMatch(/^Usage: cfq COMMAND/m);
  });

  it.each(COMMANDS)("cfq help %s and the command's --help print the same help, exit 0", async (name) => {
    const viaHelp = await cfq(["help", name]);
    const viaFlag = await cfq([name, "--help"]);
    expect(viaHelp.code).toBe(0);
    expect(viaFlag.code).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
    expect(viaHelp.stdout).toMatch(new RegExp(`^Usage: cfq ${name}\\b`));
    expect(viaHelp.stdout).toMatch(/^Options:$/m);
    expect(viaHelp.stdout).toMatch(/^  -h, --help\s+show this help$/m);
  });

  it("every API command's help names the connection flags and wrangler's variables", async () => {
    for (const name of ["push", "pull", "ack", "tail", "peek", "purge"]) {
      const { stdout } = await cfq([name, "--help"]);
      for (const text of ["--account-id", "--api-token", "--base-url", "--local", "--json"]) {
        expect(stdout, name).toContain(text);
      }
      for (const variable of [
        "CLOUDFLARE_ACCOUNT_ID",
        "CLOUDFLARE_API_TOKEN",
        "CLOUDFLARE_API_KEY",
        "CLOUDFLARE_EMAIL",
        "CFQ_BASE_URL",
      ]) {
        expect(stdout, name).toContain(variable);
      }
    }
  });

  it("cfq version, cfq --version and cfq -v print the package's version", async () => {
    for (const args of [["version"], ["--version"], ["-v"]]) {
      const ran = await cfq(args);
      expect(ran).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: "" });
    }
  });

  it("the built bin is executable, and `npx cfq help` runs it from a clone's root with an empty npm cache", async () => {
    expect(statSync(bin).mode & 0o111).toBe(0o111);
    const cache = mkdtempSync(join(tmpdir(), "cfq-npx-"));
    try {
      const { stdout } = await promisify(execFile)("npx", ["cfq", "help"], {
        cwd: root,
        env: cleanEnv({
          npm_config_cache: cache,
          npm_config_yes: "false",
          npm_config_update_notifier: "false",
        }),
      });
      expect(stdout).toMatch(/^Commands:$/m);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});

describe("bad usage: one line naming the problem, then the usage, exit 2", () => {
  it.each([
    [["launch"], 'cfq: unknown command "launch"'],
    [["pusj", "q"], 'cfq: unknown command "pusj" (did you mean push?)'],
    [["--jsn"], 'cfq: unknown flag "--jsn"'],
    [["help", "tial"], 'cfq help: unknown command "tial" (did you mean tail?)'],
    [["push", "q", "{}", "--dely", "5"], "cfq push: unknown flag --dely (did you mean --delay?)"],
    [["pull", "q", "--bach", "5"], "cfq pull: unknown flag --bach (did you mean --batch?)"],
    [["pull", "q", "--visibilty=5"], "cfq pull: unknown flag --visibilty (did you mean --visibility?)"],
    [["tail", "q", "--relese"], "cfq tail: unknown flag --relese (did you mean --release?)"],
    [["ack", "q", "L", "--retyr", "M"], "cfq ack: unknown flag --retyr (did you mean --retry?)"],
    [["peek", "q", "-x"], "cfq peek: unknown flag -x"],
    [["serve", "--prot", "0"], "cfq serve: unknown flag --prot (did you mean --port?)"],
    [["push"], "cfq push: missing QUEUE"],
    [["push", "q"], "cfq push: missing BODY (or --file FILE)"],
    [["push", "q", "{}", "--file", "f"], "cfq push: give BODY or --file, not both"],
    [["push", "q", "--file"], "cfq push: --file needs a value"],
    [
      ["push", "q", "{}", "--delay", "-5"],
      "cfq push: --delay needs a value (for one that starts with -, write --delay=VALUE)",
    ],
    [["push", "q", "{}", "extra"], 'cfq push: unexpected argument "extra"'],
    [["pull"], "cfq pull: missing QUEUE"],
    [["pull", "q", "--ack=yes"], "cfq pull: --ack takes no value"],
    [["ack", "q"], "cfq ack: missing LEASE_ID"],
    [
      ["ack", "q", "L", "--delay", "5"],
      "cfq ack: --delay applies to the --retry lease ids, and none is given",
    ],
    [["tail"], "cfq tail: missing QUEUE"],
    [["peek"], "cfq peek: missing QUEUE"],
    [["purge", "q"], "cfq purge: missing REF"],
    [["serve", "extra"], 'cfq serve: unexpected argument "extra"'],
    [["version", "now"], 'cfq version: unexpected argument "now"'],
  ])("%j", async (args, line) => {
    const ran = await cfq(args);
    expect(ran.code).toBe(2);
    expect(ran.stdout).toBe("");
    const [first, blank, usage] = ran.stderr.split("\n");
    expect(first).toBe(line);
    expect(blank).toBe("");
    expect(usage).toMatch(/^Usage: cfq /);
    expect(ran.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("names missing credentials and the account, with the flags and variables that give them", async () => {
    const noAccount = await cfq(["pull", "q"]);
    expect(noAccount.code).toBe(2);
    expect(noAccount.stderr.split("\n")[0]).toBe(
      "cfq pull: no account: give --account-id, or set CLOUDFLARE_ACCOUNT_ID (--local for a cfq serve)",
    );
    const noToken = await cfq(["pull", "q"], { env: { CLOUDFLARE_ACCOUNT_ID: "acc" } });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr.split("\n")[0]).toBe(
      "cfq pull: no credentials: give --api-token, or set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL); --local for a cfq serve",
    );
    const keyAlone = await cfq(["pull", "q", "--account-id", "acc"], {
      env: { CLOUDFLARE_API_KEY: "k".repeat(37) },
    });
    expect(keyAlone.code).toBe(2);
    expect(keyAlone.stderr.split("\n")[0]).toBe(
      "cfq pull: CLOUDFLARE_API_KEY is set but CLOUDFLARE_EMAIL is not: the key needs its email",
    );
  });

  it("a value out of range is a failure naming the flag, the limit and the value (exit 1, one line)", async () => {
    for (const [args, line] of [
      [
        ["pull", "q", "--batch", "500", "--local"],
        'cfq pull: --batch must be an integer from 1 to 100; got "500"',
      ],
      [
        ["peek", "q", "--batch", "0", "--local"],
        'cfq peek: --batch must be an integer from 1 to 100; got "0"',
      ],
      [
        ["tail", "q", "--batch", "x", "--local"],
        'cfq tail: --batch must be an integer from 1 to 100; got "x"',
      ],
      [
        ["pull", "q", "--visibility", "1.5", "--local"],
        'cfq pull: --visibility must be an integer from 1 to 43200000; got "1.5"',
      ],
      [
        ["push", "q", "{}", "--delay", "86401", "--local"],
        'cfq push: --delay must be an integer from 0 to 86400; got "86401"',
      ],
      [
        ["ack", "q", "--retry", "L", "--delay", "1e9", "--local"],
        'cfq ack: --delay must be an integer from 0 to 86400; got "1e9"',
      ],
      [
        ["pull", "q", "--base-url", "ftp://example.com", "--local"],
        'cfq pull: the base URL (--base-url or CFQ_BASE_URL): baseUrl must be an absolute http(s) URL such as "https://api.cloudflare.com/client/v4"; got "ftp://example.com"',
      ],
    ] as const) {
      const ran = await cfq([...args]);
      expect(ran.code, args.join(" ")).toBe(1);
      expect(ran.stderr).toBe(`${line}\n`);
    }
  });

  it("with --json, a usage error is one JSON object on stderr (with the usage), stdout empty", async () => {
    const ran = await cfq(["pull", "q", "--bach", "5", "--json"]);
    expect(ran.code).toBe(2);
    expect(ran.stdout).toBe("");
    const [error, ...rest] = records(ran.stderr);
    expect(rest).toEqual([]);
    expect(error).toEqual({
      error: {
        message: "unknown flag --bach (did you mean --batch?)",
        usage: expect.stringMatching(/^Usage: cfq pull QUEUE/),
      },
    });
  });
});
