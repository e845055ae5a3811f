// The README ships in the package: each of its relative links must point to a file the package holds
// (`npm pack` lists them), and each in-page link to a heading.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { headingAnchors, links } from "./markdown.js";
import { pack } from "./pack.js";

const readme = readFileSync(join(import.meta.dirname, "../../README.md"), "utf8");
const isAbsolute = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

describe("README.md's links", () => {
  it("every relative link points to a file in the npm package", () => {
    const packed = new Set(pack().files);
    const relative = links(readme).filter((link) => !isAbsolute(link.target) && !link.target.startsWith("#"));
    expect(relative.length, "the README links to openapi/openapi.yaml").toBeGreaterThan(0);
    const missing = relative.filter((link) => !packed.has(link.target.split("#")[0]!));
    expect(
      missing.map((link) => `README.md:${link.line}: ${link.target}`),
      "not in the package: write these as code paths that say they are in the repository",
    ).toEqual([]);
  });

  it("every in-page link points to a heading", () => {
    const anchors = headingAnchors(readme);
    const inPage = links(readme).filter((link) => link.target.startsWith("#"));
    expect(inPage.length).toBeGreaterThan(0);
    expect(
      inPage
        .filter((link) => !anchors.has(link.target.slice(1)))
        .map((l) => `README.md:${l.line}: ${l.target}`),
    ).toEqual([]);
  });
});
