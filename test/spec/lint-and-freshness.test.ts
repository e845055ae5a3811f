import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
// @ts-expect-error the generator is plain JavaScript
import { generate } from "../../scripts/generate.mjs";

const root = join(import.meta.dirname, "../..");
const run = promisify(execFile);

describe("the spec and the generated layer", () => {
  it("lints clean with the project's Redocly rules: no errors, no warnings", async () => {
    const cli = join(root, "node_modules/@redocly/cli/bin/cli.js");
    const { stdout } = await run(process.execPath, [cli, "lint", "--format=json"], {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    });
    const report = JSON.parse(stdout);
    expect(report.problems).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  });

  it("generated/ is fresh: regenerating changes nothing", async () => {
    expect(await generate({ check: true })).toEqual([]);
  });

  it("every generated file carries the do-not-edit header", async () => {
    for (const name of await readdir(join(root, "generated"))) {
      const text = await readFile(join(root, "generated", name), "utf8");
      expect(
        text.startsWith("/**\n * Generated from openapi/openapi.yaml by scripts/generate.mjs. Do not edit"),
      ).toBe(true);
    }
  });
});

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".ts")).map((e) => join(e.parentPath, e.name));
}

describe("the client core runs wherever fetch runs", () => {
  it("imports nothing from node: (outside the emulator and the CLI)", async () => {
    const files = [
      ...(await sourceFiles(join(root, "src"))),
      ...(await sourceFiles(join(root, "generated"))),
    ].filter((file) => !/[/\\]src[/\\](emulator|cli)[/\\]/.test(file));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = await readFile(file, "utf8");
      expect({
        file: relative(root, file),
        nodeImports: text.match(/from\s+["']node:[^"']+["']/g) ?? [],
      }).toEqual({
        file: relative(root, file),
        nodeImports: [],
      });
      // Node-only globals are allowed only when looked up on globalThis, with a fallback
      expect(text).not.toMatch(/\bprocess\.|(?<![\w.])Buffer\.|require\(/);
    }
  });

  it("the generated operations are imported by one door each: src/internal/openapi.ts (client), src/emulator/spec.ts (emulator); nothing in src imports openapi-fetch", async () => {
    const importers = [];
    for (const file of await sourceFiles(join(root, "src"))) {
      const text = await readFile(file, "utf8");
      if (/from\s+["'](openapi-fetch|[./]+generated\/operations\.js)["']/.test(text))
        importers.push(relative(root, file));
    }
    expect(importers.sort()).toEqual([
      join("src", "emulator", "spec.ts"),
      join("src", "internal", "openapi.ts"),
    ]);
    // …and in the emulator, nothing else imports anything of generated/ either
    const emulatorImporters = [];
    for (const file of await sourceFiles(join(root, "src", "emulator"))) {
      if (/from\s+["'][./]+generated\//.test(await readFile(file, "utf8")))
        emulatorImporters.push(relative(root, file));
    }
    expect(emulatorImporters).toEqual([join("src", "emulator", "spec.ts")]);
  });
});
