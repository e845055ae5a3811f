#!/usr/bin/env node
// npm run bench [-- --quick] [-- --json FILE] [-- --from FILE (prints the table of a saved run)]
// Every benchmark in one run, side by side (machines here are shared and noisy: ratios are what
// count), printed as a table and, with --json, written as JSON grouped by benchmark.
import { readFile, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { APPS, bundleSize } from "./bundle-size.mjs";
import { benchClients } from "./client.mjs";
import { benchConsumer } from "./consumer.mjs";
import { benchE2e } from "./e2e.mjs";
import { benchEmulator } from "./emulator.mjs";
import { benchImport } from "./import-time.mjs";
import { benchProducer } from "./producer.mjs";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    json: { type: "string" },
    from: { type: "string" },
  },
});
const quick = values.quick;

/** The issue's targets: [group, key, comparison, bound]. */
const TARGETS = [
  ["client", "cfq_vs_handwritten", ">=", 0.75],
  ["client", "cfq_vs_official", ">=", 2.5],
  ["bundle", "cfq_gzip_bytes", "<=", 4096],
  ["bundle", "cfq_vs_official_treeshakable", "<=", 0.4],
  ["e2e", "vs_bare", ">=", 0.5],
  ["emulator", "scaling_1e6_vs_1e3", "<=", 1.5],
  ["emulator", "heap_bytes_per_msg", "<=", 600],
  ["emulator", "worst_request_1e6_vs_1e3", "<=", 3],
  ["emulator", "peek_us_1e6_vs_1e3", "<=", 1.5],
  ["import", "cfq_vs_official", "<=", 0.3],
  ["consumer", "msgs_per_s_50ms", ">=", 5000],
  ["consumer", "vs_reference_50ms", ">=", 0.9],
  ["consumer", "vs_reference_0ms", ">=", 0.8],
  ["consumer", "requests_per_100_msgs", "<=", 2.2],
  // The idle rate chosen in README "Consuming": 8 a minute on average at the 10 s cap.
  ["consumer", "idle_pulls_per_min", "<=", 12],
  ["producer", "requests", "<=", 205],
  ["producer", "vs_reference_50ms", ">=", 0.9],
];

async function benchBundle() {
  const sizes = {};
  for (const app of APPS) sizes[app] = (await bundleSize(app)).gzip;
  return {
    cfq_gzip_bytes: sizes.cfq,
    official_gzip_bytes: sizes.official,
    official_treeshakable_gzip_bytes: sizes.official_treeshakable,
    cfq_vs_official_treeshakable: +(sizes.cfq / sizes.official_treeshakable).toFixed(3),
  };
}

/**
 * A benchmark that hangs (a throttled client, a lost response) must fail CI with its name, not use
 * up CI's whole time in silence. No group takes a tenth of this on a quiet machine.
 */
const GROUP_LIMIT_MS = (quick ? 10 : 40) * 60_000;
function withinLimit(group, running) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`bench: ${group} did not finish within ${GROUP_LIMIT_MS / 60_000} minutes`)),
      GROUP_LIMIT_MS,
    );
  });
  return Promise.race([running, limit]).finally(() => clearTimeout(timer));
}

async function runAll() {
  const started = performance.now();
  const results = {
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? "unknown",
      quick,
    },
  };
  for (const [group, run] of [
    ["client", benchClients],
    ["bundle", benchBundle],
    ["e2e", benchE2e],
    ["emulator", benchEmulator],
    ["import", benchImport],
    ["consumer", benchConsumer],
    ["producer", benchProducer],
  ]) {
    const t = performance.now();
    process.stderr.write(`bench: ${group}…\n`);
    results[group] = await withinLimit(group, run({ quick }));
    process.stderr.write(`bench: ${group} done in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  }
  results.meta.seconds = +((performance.now() - started) / 1000).toFixed(1);
  return results;
}

const results = values.from ? JSON.parse(await readFile(values.from, "utf8")) : await runAll();

const targetOf = new Map(TARGETS.map(([g, k, op, bound]) => [`${g}.${k}`, { op, bound }]));
const rows = [];
for (const [group, figures] of Object.entries(results)) {
  if (group === "meta") continue;
  for (const [key, value] of Object.entries(figures)) {
    const target = targetOf.get(`${group}.${key}`);
    const met = target && (target.op === ">=" ? value >= target.bound : value <= target.bound);
    rows.push([
      `${group}.${key}`,
      String(value),
      target ? `${target.op} ${target.bound}` : "",
      target ? (met ? "met" : "MISSED") : "",
    ]);
  }
}
const widths = [0, 1, 2, 3].map((i) =>
  Math.max(...rows.map((r) => r[i].length), ["figure", "value", "target", ""][i].length),
);
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
console.log(line(["figure", "value", "target", ""]));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const row of rows) console.log(line(row));
console.log(
  `\n${results.meta.date}, Node ${results.meta.node}, ${results.meta.cpus} cores (${results.meta.cpu}), ${results.meta.quick ? "quick" : "default"} run, ${results.meta.seconds} s${results.meta.note ? ` (${results.meta.note})` : ""}`,
);

if (values.json) {
  await writeFile(values.json, JSON.stringify(results, null, 2) + "\n");
  console.log(`figures written to ${values.json}`);
}
