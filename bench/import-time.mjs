// Median wall time of a fresh `node` process that imports a package's client entry.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

function wallMs(specifier) {
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", `await import(${JSON.stringify(specifier)})`],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
  if (run.status !== 0) throw new Error(`importing ${specifier} failed`);
  return performance.now() - started;
}

export async function benchImport({ quick = false } = {}) {
  const runs = quick ? 7 : 21;
  const samples = { cfq: [], official: [] };
  wallMs("cfq"); // warms the file system cache
  wallMs("cloudflare");
  for (let i = 0; i < runs; i++) {
    // interleaved, so that a noisy moment hits both
    samples.cfq.push(wallMs("cfq"));
    samples.official.push(wallMs("cloudflare"));
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const cfq_ms = +median(samples.cfq).toFixed(1);
  const official_ms = +median(samples.official).toFixed(1);
  return { cfq_ms, official_ms, cfq_vs_official: +(cfq_ms / official_ms).toFixed(3) };
}

if (import.meta.url === `file://${process.argv[1]}`)
  console.log(await benchImport({ quick: process.argv.includes("--quick") }));
