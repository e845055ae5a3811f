// The runtime matrix (npm run runtimes) proves what package.json's `engines` says: its oldest Node
// is exactly the minimum `engines` allows, and the README states the same matrix.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript, the runner's own list
import { RUNTIMES } from "../../scripts/runtimes/runtimes.mjs";

const root = join(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { engines: { node: string } };
const runtimes = RUNTIMES as { name: string; packages: string[] }[];

describe("engines and the runtime matrix", () => {
  it("the matrix's oldest Node is the minimum that engines allows", () => {
    const minimum = /^>=(\d+)\.(\d+)$/.exec(pkg.engines.node);
    expect(minimum, `engines.node is ${pkg.engines.node}`).not.toBeNull();
    expect(runtimes[0]!.packages).toEqual([`node@${minimum![1]}.${minimum![2]}.0`]);
  });

  it("the README's Runtimes section names every runtime of the matrix", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const section = readme.slice(
      readme.indexOf("\n### Runtimes"),
      readme.indexOf("\n## ", readme.indexOf("\n### Runtimes") + 1),
    );
    for (const { packages } of runtimes)
      for (const spec of packages)
        expect(section, `README "Runtimes" should name ${spec}`).toContain(spec.replace("@", " "));
    expect(section).toContain(pkg.engines.node);
  });
});
