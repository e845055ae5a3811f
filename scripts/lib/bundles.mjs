// The published renditions of the spec: the OpenAPI 3.1 bundle, and an OpenAPI 3.0.3 rendition for
// generators that do not read 3.1 yet, produced from the 3.1 bundle by @apiture/openapi-down-convert.
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { stringifyYaml } from "@redocly/openapi-core";
import { loadSpec } from "./spec.mjs";

const { Converter } = createRequire(import.meta.url)("@apiture/openapi-down-convert");

/**
 * What the converter leaves in a form OpenAPI 3.0 does not have, finished by the same rules it
 * applies elsewhere: `const` whose value is falsy (it converts only truthy ones) becomes `enum`,
 * `type: "null"` becomes a nullable type whose only value is null, and 3.1's `info.summary` goes.
 */
function finish(node) {
  if (Array.isArray(node)) return node.map(finish);
  if (!node || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "const") out.enum = [value];
    else if (key === "type" && value === "null")
      Object.assign(out, { type: "object", nullable: true, enum: [null] });
    else out[key] = finish(value);
  }
  return out;
}

/** The 3.0.3 rendition of a bundled 3.1 document. */
export function downConvert(doc31) {
  const doc30 = finish(new Converter(structuredClone(doc31), { convertSchemaComments: true }).convert());
  delete doc30.info.summary;
  return doc30;
}

/** Writes openapi.json/.yaml (3.1) and openapi-3.0.json/.yaml (3.0.3) into `dir`. */
export async function writeBundles(dir, ref) {
  const doc31 = await loadSpec(ref);
  const doc30 = downConvert(doc31);
  await mkdir(dir, { recursive: true });
  for (const [name, doc] of [
    ["openapi", doc31],
    ["openapi-3.0", doc30],
  ]) {
    await writeFile(join(dir, `${name}.json`), JSON.stringify(doc, null, 2) + "\n");
    await writeFile(join(dir, `${name}.yaml`), stringifyYaml(doc, { lineWidth: -1 }));
  }
  return { doc31, doc30 };
}
