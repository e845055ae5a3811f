#!/usr/bin/env node
// npm run generate [-- --check | --watch]
// Regenerates generated/ from openapi/. --check regenerates in memory and fails, naming each stale
// file, when generated/ is out of date; --watch regenerates generated/ and the published bundles
// (dist/openapi/) whenever a file in openapi/ changes.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { watch } from "node:fs";
import { join } from "node:path";
import * as prettier from "prettier";
import { writeBundles } from "./lib/bundles.mjs";
import { emitOpenapiFetch, emitOperations, emitRequestSchemas, emitSchema } from "./lib/emit.mjs";
import { loadSpec, root, specDir, specFile } from "./lib/spec.mjs";

/**
 * Renders every generated file for the spec at `ref`.
 * @returns {Promise<Map<string, string>>} file name (relative to the output folder) → contents
 */
export async function render(ref = join(root, specFile), source = specFile) {
  const doc = await loadSpec(ref);
  const files = new Map([
    ["schema.ts", await emitSchema(doc, source)],
    ["operations.ts", emitOperations(doc, source)],
    ["openapi-fetch.ts", emitOpenapiFetch(doc, source)],
    ["request-schemas.ts", emitRequestSchemas(doc, source)],
  ]);
  const options = (await prettier.resolveConfig(join(root, "generated/x.ts"))) ?? {};
  for (const [name, text] of files) {
    files.set(name, await prettier.format(text, { ...options, parser: "typescript" }));
  }
  return files;
}

/** Writes (or, with `check`, compares) the rendered files into `outDir`; returns the stale names. */
export async function generate({ ref, source, outDir = join(root, "generated"), check = false } = {}) {
  const files = await render(ref, source);
  const stale = [];
  if (!check) await mkdir(outDir, { recursive: true });
  for (const [name, text] of files) {
    const path = join(outDir, name);
    const current = await readFile(path, "utf8").catch(() => null);
    if (current === text) continue;
    stale.push(path);
    if (!check) await writeFile(path, text);
  }
  return stale;
}

async function main(args) {
  const check = args.includes("--check");
  const stale = await generate({ check });
  if (check) {
    if (stale.length) {
      for (const path of stale) console.error(`stale: ${path} is out of date with ${specFile}`);
      console.error("Run `npm run generate` and commit the result.");
      process.exitCode = 1;
    } else console.log(`generated/ is up to date with ${specFile}`);
    return;
  }
  console.log(stale.length ? `wrote ${stale.join(", ")}` : "generated/ already up to date");
  if (args.includes("--watch")) {
    await writeBundles(join(root, "dist/openapi"));
    watchSpec();
  }
}

function watchSpec() {
  let timer;
  console.log(`watching ${specDir} (Ctrl-C to stop)`);
  watch(specDir, { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        const stale = await generate();
        await writeBundles(join(root, "dist/openapi"));
        console.log(
          `${stale.length ? `regenerated ${stale.join(", ")}` : "generated/ unchanged"}; bundles rewritten`,
        );
      } catch (error) {
        console.error(`generation failed: ${error.message}`);
      }
    }, 100);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
