#!/usr/bin/env node
// npm test: runs vitest, then prints the plain `N passed, N failed` line that CI's harness reads.
// Extra arguments go to vitest (e.g. `npm test -- test/client`).
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { root } from "./lib/spec.mjs";

const results = join(root, ".vitest-results.json");
rmSync(results, { force: true });
const vitest = join(root, "node_modules/vitest/vitest.mjs");
const run = spawnSync(
  process.execPath,
  [
    vitest,
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${results}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: "inherit" },
);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const report = JSON.parse(readFileSync(results, "utf8"));
  passed = report.numPassedTests;
  // A file that fails to load has no test results of its own: count it as one failure.
  const brokenFiles = report.testResults.filter(
    (f) => f.status === "failed" && f.assertionResults.length === 0,
  );
  failed = report.numFailedTests + brokenFiles.length;
  skipped = report.numPendingTests + report.numTodoTests;
} catch {
  failed = Math.max(1, failed); // vitest died before writing its report
}
if (run.status !== 0 && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(run.status ?? 1);
