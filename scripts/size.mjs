#!/usr/bin/env node
// The bundle-size budget of the client entry (part of `npm run lint`): a small app that imports
// QueuesClient and calls all four operations, minified by esbuild, must stay within the budget.
import { bundleSize } from "../bench/bundle-size.mjs";

const BUDGET = 4096; // gzip bytes
const { minified, gzip } = await bundleSize("cfq");
const line = `client bundle: ${gzip} B gzip (${minified} B minified), budget ${BUDGET} B`;
if (gzip > BUDGET) {
  console.error(`${line}: OVER BUDGET`);
  process.exit(1);
}
console.log(line);
