// Every fenced code block of README.md, accounted for, so that the README cannot drift from the code:
// TypeScript is type-checked (strict, as tsconfig.json) and run; shell commands are run, started and
// stopped, or skipped for a reason listed in commands.ts; JSON configurations are given to the
// emulator; the Perl example runs when its tools are installed; plain blocks (sample output) are listed.
// Examples that use http://127.0.0.1:8787/client/v4 reach an emulator this test serves there.
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type EmulatorServer } from "../../src/emulator/index.js";
import { planFor, RUN_INSTEAD, SKIPPED, type Plan } from "./commands.js";
import { codeBlocks, shellCommands, type Command } from "./markdown.js";
import { killAll, run, runUntilInterrupted, serveThenInterrupt, useEnvironment } from "./shell.js";
import { runSnippet, typeCheck } from "./snippets.js";

const root = join(import.meta.dirname, "../..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = codeBlocks(readme);
const where = (line: number, section: string) => `README.md:${line} (${section})`;

const perl = spawnSync("perl", ["-MOpenAPI::Client", "-e", "1"], { stdio: "ignore" }).status === 0;
const PERL_SKIPPED =
  "the Perl consumer needs perl with OpenAPI::Client (apt-get install libopenapi-client-perl)";
if (!perl) console.warn(`SKIPPED: ${PERL_SKIPPED}`);

// The README's examples on port 8787 use the token dev-token.
const TOKEN = "dev-token";
const local = createEmulator({ tokens: [TOKEN] });
let server: EmulatorServer | undefined;

async function serveOn8787() {
  try {
    server = await local.listen({ port: 8787, host: "127.0.0.1" });
  } catch (error) {
    if ((error as { code?: string }).code !== "EADDRINUSE") throw error;
    throw new Error(
      "port 8787 is taken: the README's examples use it. Stop what listens there (a `cfq serve`?) and run again.",
    );
  }
}

// Snippets and servers run in a directory inside the repository: there `cfq` resolves to this package
// (as from a user's node_modules), and `npx cfq` to its own bin. Other commands run from the root.
let dir = "";

beforeAll(async () => {
  dir = mkdtempSync(join(root, ".readme-run-"));
  useEnvironment(dir);
  // `--config cfq.config.json`: the Configuration section's example.
  const config = blocks.find((b) => b.lang === "json" && b.section === "Configuration");
  if (!config) throw new Error("README.md has no json block under the Configuration heading");
  writeFileSync(join(dir, "cfq.config.json"), config.text);
  await serveOn8787();
});

afterAll(async () => {
  killAll();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("README.md: TypeScript blocks type-check (strict) and run", () => {
  const tsBlocks = blocks.filter((b) => b.lang === "ts");
  let errors = new Map<number, string[]>();
  beforeAll(() => {
    errors = typeCheck(dir, tsBlocks);
  });

  it("the prelude's types, and every declaration the snippets reach, type-check", () => {
    expect(errors.get(0)).toEqual([]);
  });

  for (const block of tsBlocks) {
    it(where(block.line, block.section), async () => {
      expect(errors.get(block.line), `the ts block at ${where(block.line, block.section)}`).toEqual([]);
      await runSnippet(dir, block);
    });
  }
});

describe("README.md: shell commands run", () => {
  for (const block of blocks.filter((b) => b.lang === "sh")) {
    for (const command of shellCommands(block)) {
      const plan = planFor(command.text);
      const name = `${where(command.line, block.section)} \`${command.text}\``;
      if (plan?.kind === "skip") it.skip(`${name}: skipped, ${plan.reason}`, () => {});
      else it(name, () => check(command, plan));
    }
  }

  it("every skipped or replaced command is still in the README (the lists stay short)", () => {
    const shown = blocks.filter((b) => b.lang === "sh").flatMap((b) => shellCommands(b).map((c) => c.text));
    const stale = [...Object.keys(SKIPPED), ...Object.keys(RUN_INSTEAD)].filter((c) => !shown.includes(c));
    expect(stale, "remove these from test/readme/commands.ts").toEqual([]);
  });

  it("npm start is still the build and the demo (the command run in its place)", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      scripts: { start: string };
    };
    expect(pkg.scripts.start).toBe(`npm run -s build && ${RUN_INSTEAD["npm start"]!.command}`);
  });
});

async function check(command: Command, plan: Plan | undefined) {
  if (!plan) {
    throw new Error(
      `README.md:${command.line}: no rule for the command \`${command.text}\`. Make it runnable ` +
        "(a rule in test/readme/commands.ts), or add it to SKIPPED there with the reason.",
    );
  }
  if (plan.kind === "serve") {
    // Our own emulator gives up port 8787 while the README's server runs (it may want the port).
    await server?.close();
    server = undefined;
    try {
      const { listening, ran, stopped } = await serveThenInterrupt(plan.command, dir);
      const output = `${ran.stdout}${ran.stderr}`;
      expect(listening, `it never said "listening on":\n${output}`).toMatch(/http:\/\/\S+\/client\/v4$/);
      // npx (npm) ends by the signal itself once the server has stopped; `cfq serve` alone exits 0.
      expect(
        ran.code === 0 || ran.signal === "SIGINT",
        `it did not stop cleanly on SIGINT (code ${ran.code}, signal ${ran.signal}):\n${output}`,
      ).toBe(true);
      expect(stopped, `a process of the command outlived SIGINT by 5 s:\n${output}`).toBe(true);
    } finally {
      await serveOn8787();
    }
  } else if (plan.kind === "interrupt") {
    const { ready, ran, stopped } = await runUntilInterrupted(plan.command, root);
    const output = `${ran.stdout}${ran.stderr}`;
    expect(ready, `it printed nothing before it ended:\n${output}`).toBeDefined();
    // npx (npm) ends by the signal itself once the command has stopped; the command alone exits 0.
    expect(
      ran.code === 0 || ran.signal === "SIGINT",
      `it did not stop cleanly on SIGINT (code ${ran.code}, signal ${ran.signal}):\n${output}`,
    ).toBe(true);
    expect(output, "it never said it had stopped cleanly").toMatch(plan.stopped);
    expect(stopped, `a process of the command outlived SIGINT by 5 s:\n${output}`).toBe(true);
  } else if (plan.kind === "curl") {
    // --fail-with-body: a 4xx or 5xx answer is a non-zero exit, with the answer still printed.
    const ran = await run(`curl() { command curl --fail-with-body "$@"; }\n${plan.command}`, root);
    expect(ran.code, `curl failed:\n${ran.stdout}${ran.stderr}`).toBe(0);
    expect(JSON.parse(ran.stdout), ran.stdout).toMatchObject({ success: true });
  } else if (plan.kind === "run") {
    const ran = await run(plan.command, root);
    expect(ran.code, `${plan.command} failed:\n${ran.stdout}${ran.stderr}`).toBe(0);
  }
}

describe("README.md: JSON blocks are configurations the emulator accepts", () => {
  for (const block of blocks.filter((b) => b.lang === "json")) {
    it(where(block.line, block.section), () => {
      const config = JSON.parse(block.text) as object;
      expect(() => createEmulator(config)).not.toThrow();
    });
  }
});

describe("README.md: the Perl example", () => {
  for (const block of blocks.filter((b) => b.lang === "perl")) {
    it.skipIf(!perl)(
      `${where(block.line, block.section)}${perl ? "" : `: skipped, ${PERL_SKIPPED}`}`,
      async () => {
        // Its free variables, and the spec where a project that installed cfq has it.
        const script = `my ($account, $queue) = ("acc", "orders");\n${block.text}`.replace(
          "/path/to/node_modules/cfq/",
          `${root}/`,
        );
        // Asynchronously: the emulator it talks to runs in this process.
        const ran = await promisify(execFile)("perl", ["-e", script], {
          encoding: "utf8",
          timeout: 20_000,
          env: { ...process.env, CLOUDFLARE_API_TOKEN: TOKEN },
        });
        expect(ran.stdout, ran.stderr).toMatch(/^\d+\n$/);
      },
    );
  }
});

describe("README.md: every block is accounted for", () => {
  const known = new Set(["ts", "sh", "json", "perl", ""]);
  for (const block of blocks.filter((b) => b.lang === "")) {
    it.skip(`${where(block.line, block.section)}: a plain block (sample output or a listing), not run`, () => {});
  }
  it("no block has a language this test has no rule for", () => {
    const unknown = blocks.filter((b) => !known.has(b.lang));
    expect(
      unknown.map((b) => `${where(b.line, b.section)}: \`\`\`${b.lang}`),
      "give these blocks a language this test runs, or add a rule for theirs in test/readme/readme.test.ts",
    ).toEqual([]);
  });
});
