// The README's install steps, for real: the tarball `npm pack` makes, installed in a new project, then
// imported by name from JavaScript, and type-checked from TypeScript with the settings the README names.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pack } from "./pack.js";

const root = join(import.meta.dirname, "../..");
let dir = "";
let project = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cfq-install-"));
  const { filename } = pack(dir);
  project = join(dir, "app");
  mkdirSync(project);
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "app", private: true, type: "module" }),
  );
  // cfq has no dependencies: the install needs nothing but the tarball.
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", join(dir, filename)], {
    cwd: project,
    stdio: "pipe",
  });
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("cfq installed from its tarball", () => {
  it("runs in a new project, importing cfq and cfq/emulator by name, with no other package present", () => {
    writeFileSync(
      join(project, "main.js"),
      `import { QueuesClient } from "cfq";
import { createEmulator } from "cfq/emulator";
const q = new QueuesClient({ accountId: "acc", apiToken: "t", fetch: createEmulator().fetch }).queue("q");
await q.send({ hello: "world" });
console.log(JSON.stringify((await q.pull()).messages.map((m) => m.body)));
`,
    );
    expect(
      readdirSync(join(project, "node_modules"))
        .filter((name) => !name.startsWith("."))
        .sort(),
    ).toEqual(["cfq"]);
    const output = execFileSync(process.execPath, ["main.js"], { cwd: project, encoding: "utf8" });
    expect(output).toBe('[{"hello":"world"}]\n');
  });

  /** Type-checks a small consumer (strict, cfq's declarations checked too) with these compiler options. */
  function typeErrors(compilerOptions: Record<string, unknown>): string[] {
    writeFileSync(
      join(project, "consumer.ts"),
      `import { QueuesClient } from "cfq";
import { createEmulator } from "cfq/emulator";
const q = new QueuesClient({ accountId: "acc", apiToken: "t", fetch: createEmulator().fetch }).queue("q");
await q.send({ hello: "world" }, { signal: AbortSignal.timeout(1000) });
export const { messages } = await q.pull<{ hello: string }>();
`,
    );
    const config = ts.parseJsonConfigFileContent(
      {
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
          ...compilerOptions,
        },
        files: ["consumer.ts"],
      },
      ts.sys,
      project,
    );
    const program = ts.createProgram(config.fileNames, config.options);
    // The consumer and the package's own declarations (with its dependency's): not all of lib.dom or
    // @types/node, which take seconds and are not what this checks.
    const checked = program
      .getSourceFiles()
      .filter((file) => !/\/node_modules\/(typescript|@types)\//.test(file.fileName));
    return [
      ...program.getOptionsDiagnostics(),
      ...checked.flatMap((file) => [
        ...program.getSyntacticDiagnostics(file),
        ...program.getSemanticDiagnostics(file),
      ]),
    ].map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  }

  it('type-checks with "lib": ["ES2022", "DOM"]', () => {
    expect(typeErrors({ lib: ["ES2022", "DOM"] })).toEqual([]);
  });

  it("type-checks with @types/node instead of DOM", () => {
    const typeRoots = [join(root, "node_modules/@types")]; // where this repository has @types/node
    expect(typeErrors({ lib: ["ES2022"], types: ["node"], typeRoots })).toEqual([]);
  });

  it("needs one of the two: without them, the names the README lists are unknown", () => {
    const errors = typeErrors({ lib: ["ES2022"] });
    for (const name of ["fetch", "Headers", "Response", "AbortSignal"]) {
      expect(errors).toContain(`Cannot find name '${name}'.`);
    }
  });
});
