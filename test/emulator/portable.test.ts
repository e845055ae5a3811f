// The in-process emulator must load where Node's modules do not exist (workerd, browsers): bundled
// as a bundler would for such a runtime, it has no static `node:` import; only `listen()` imports
// `node:http`, when it is called.
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");

describe("the emulator's core", () => {
  it("bundles for a runtime without Node: no static node: import, node:http only inside listen()", async () => {
    const result = await build({
      entryPoints: [join(root, "src/emulator/index.ts")],
      bundle: true,
      format: "esm",
      platform: "neutral",
      external: ["node:*"],
      write: false,
      logLevel: "silent",
    });
    const code = result.outputFiles[0]!.text;
    expect(code.match(/^\s*import\s[^(]*?from\s*["']node:[^"']+["']/gm) ?? []).toEqual([]);
    expect(code.match(/\bimport\(\s*["']node:[^"']+["']\s*\)/g)).toEqual(['import("node:http")']);
  });
});
