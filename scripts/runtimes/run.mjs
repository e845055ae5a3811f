#!/usr/bin/env node
// npm run runtimes: the portable smoke suite (test/runtimes/smoke.mjs) against the built package on
// every runtime cfq supports, two at a time (the machine has two cores). Each runtime is installed
// once from the npm registry into the npm cache (see runtimes.mjs). On Node, Bun and Deno, `cfq
// serve` runs too, and the suite's HTTP checks go to it; workerd runs the suite as a Worker, on the
// in-process emulator. Prints one line per runtime, and exits non-zero if any failed.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { build } from "esbuild";
import { locate, root, run, RUNTIMES, startWorker } from "./runtimes.mjs";

const PARALLEL = 2;
/** A runtime that takes longer than this (install excluded) has failed. */
const RUN_LIMIT_MS = 180_000;
const TOKEN = "smoke-serve-token";

if (!existsSync(join(root, "dist/src/index.js"))) {
  console.error("runtimes: build first (npm run build): the smoke suite runs against dist/");
  process.exit(1);
}

/** Runs `task` on each item, at most `limit` at once; resolves to the results in order. */
async function inPool(items, limit, task) {
  const results = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1);

async function versionOf(runtime, bin) {
  const of = async (command, args) =>
    (await run(command, args)).stdout
      .trim()
      .split("\n")[0]
      .replace(/\s*\(.*\)$/, "");
  if (!runtime.worker) return of(bin, ["--version"]);
  return `${await of(join(dirname(bin), "workerd"), ["--version"])}, ${runtime.packages[1].replace("@", " ")}`;
}

/** `cfq serve` on the runtime: resolves once it listens, to its URL and a `stop()` that says whether it stopped cleanly on SIGINT. */
async function serve(runtime, bin, log) {
  const args = [...runtime.serve, "dist/src/cli/main.js", "serve", "--port", "0", "--quiet"];
  const child = spawn(bin, args, { cwd: root, env: { ...process.env, CFQ_SERVE_TOKENS: TOKEN } });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const url = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 30_000);
    child.stdout.on("data", () => {
      const listening = /listening on (http:\S+)/.exec(output);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]);
      }
    });
    child.on("exit", () => resolve(undefined));
  });
  const stop = async () => {
    const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.kill("SIGINT");
    const { code, signal } = await exited;
    clearTimeout(timer);
    const clean = code === 0;
    log(
      `${clean ? "ok  " : "FAIL"} cfq serve stopped on SIGINT (exit code ${code}${signal ? `, signal ${signal}` : ""})`,
    );
    if (!clean) log(output);
    return clean;
  };
  if (!url) {
    log(`FAIL cfq serve never said "listening on":\n${output}`);
    child.kill("SIGKILL");
  }
  return { url, stop };
}

/** The smoke suite on Node, Bun or Deno, with `cfq serve` on the same runtime. */
async function smokeOnHost(runtime, bin, log) {
  const server = await serve(runtime, bin, log);
  if (!server.url) return false;
  const args = [...(runtime.run ?? []), "test/runtimes/cli.mjs", "--serve-url", server.url, "--token", TOKEN];
  const smoke = await run(bin, args, { cwd: root, timeout: RUN_LIMIT_MS });
  log(`${smoke.stdout}${smoke.stderr}`.trimEnd());
  const stopped = await server.stop();
  return smoke.code === 0 && stopped;
}

/** The smoke suite as a Worker in workerd (the in-process emulator: a Worker cannot listen for `cfq serve`). */
async function smokeInWorkerd(log) {
  const bundled = await build({
    entryPoints: [join(root, "test/runtimes/worker.mjs")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    // Only listen() imports Node's http, when called: the Worker never calls it.
    external: ["node:*"],
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    write: false,
    logLevel: "silent",
  });
  const worker = await startWorker(bundled.outputFiles[0].text);
  try {
    const response = await fetch(worker.url, { signal: AbortSignal.timeout(RUN_LIMIT_MS) });
    const results = await response.json();
    for (const { name, ok, ms, error } of results)
      log(`${ok ? "ok  " : "FAIL"} ${name} (${ms} ms)${error ? `\n${error}` : ""}`);
    return results.length > 0 && results.every((result) => result.ok);
  } catch (error) {
    log(`FAIL the Worker did not answer: ${error}\n${worker.output()}`);
    return false;
  } finally {
    await worker.stop();
  }
}

const started = Date.now();
console.log(`installing ${RUNTIMES.length} runtimes from the npm registry (cached after the first time)…`);
const bins = await inPool(RUNTIMES, PARALLEL, async (runtime) => {
  try {
    return await locate(runtime.packages, runtime.bin);
  } catch (error) {
    return error;
  }
});
console.log(`installed in ${seconds(started)} s; running the smoke suite, ${PARALLEL} runtimes at a time\n`);

const outcomes = await inPool(RUNTIMES, PARALLEL, async (runtime) => {
  const index = RUNTIMES.indexOf(runtime);
  const bin = bins[index];
  const since = Date.now();
  const lines = [];
  const log = (text) => lines.push(text);
  let version = "?";
  let ok = false;
  if (bin instanceof Error) log(bin.message);
  else {
    try {
      version = await versionOf(runtime, bin);
      ok = runtime.worker ? await smokeInWorkerd(log) : await smokeOnHost(runtime, bin, log);
    } catch (error) {
      log(String(error?.stack ?? error));
    }
  }
  const line = `${runtime.name.padEnd(13)} ${version.padEnd(42)} ${ok ? "passed" : "FAILED"} ${seconds(since).padStart(6)} s`;
  console.log(line);
  if (!ok) console.log(`  ${lines.join("\n").replaceAll("\n", "\n  ")}\n`);
  return { runtime: runtime.name, ok, bin: basename(String(bin)) };
});

const failed = outcomes.filter((outcome) => !outcome.ok);
console.log(
  `\n${outcomes.length - failed.length} of ${outcomes.length} runtimes passed in ${seconds(started)} s` +
    (failed.length ? `; failed: ${failed.map((outcome) => outcome.runtime).join(", ")}` : ""),
);
process.exit(failed.length ? 1 : 0);
