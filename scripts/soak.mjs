#!/usr/bin/env node
// npm run soak [-- --seconds N]: producers and consumers over HTTP with faults on every operation,
// for N seconds (default 30), then a one-line summary. Exits 1 if any message went missing.
import { parseArgs } from "node:util";
import { soak, summary } from "./lib/soak.mjs";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "30" }, seed: { type: "string", default: "42" } },
});
const seconds = Number(values.seconds);
if (!(seconds > 0)) {
  console.error(`soak: --seconds must be a positive number; got ${JSON.stringify(values.seconds)}`);
  process.exit(1);
}
const result = await soak({ seconds, seed: Number(values.seed) });
console.log(summary(result));
process.exit(result.missing === 0 && result.unexpected === 0 && result.backlog === 0 ? 0 : 1);
