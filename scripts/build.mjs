#!/usr/bin/env node
// npm run build: compiles src/ and generated/ to dist/, and publishes the bundled spec
// (dist/openapi/openapi.json and openapi.yaml, OpenAPI 3.1) for clients in other languages.
import { execFileSync } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringifyYaml } from "@redocly/openapi-core";
import { loadSpec, root } from "./lib/spec.mjs";

const dist = join(root, "dist");
await rm(dist, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
  cwd: root,
  stdio: "inherit",
});

const spec = await loadSpec();
await mkdir(join(dist, "openapi"), { recursive: true });
await writeFile(join(dist, "openapi/openapi.json"), JSON.stringify(spec, null, 2) + "\n");
await writeFile(join(dist, "openapi/openapi.yaml"), stringifyYaml(spec, { lineWidth: -1 }));
console.log("built dist/ (client, emulator, openapi.json, openapi.yaml)");
