#!/usr/bin/env node
// npm run build: compiles src/ and generated/ to dist/, and publishes the bundled spec in two
// renditions (dist/openapi/openapi.json|yaml in OpenAPI 3.1, openapi-3.0.json|yaml in 3.0.3).
import { execFileSync } from "node:child_process";
import { chmod, rm } from "node:fs/promises";
import { join } from "node:path";
import { writeBundles } from "./lib/bundles.mjs";
import { root } from "./lib/spec.mjs";

const dist = join(root, "dist");
await rm(join(dist, "src"), { recursive: true, force: true });
await rm(join(dist, "generated"), { recursive: true, force: true });
execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
  cwd: root,
  stdio: "inherit",
});
// The bin keeps its execute bit: `npx cfq` in a clone runs this very file, rebuilt or not.
await chmod(join(dist, "src/cli/main.js"), 0o755);
await writeBundles(join(dist, "openapi"));
console.log("built dist/ (client, emulator, CLI, openapi.json|yaml 3.1, openapi-3.0.json|yaml 3.0.3)");
