// The runtimes cfq is proven on, pinned, and how to get each: from the npm registry through npx,
// installed once into npx's cache inside the npm cache (~/.npm/_npx), then run by path. workerd runs
// under Miniflare, which needs Node 22 or later: host.mjs starts it in that Node.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../../", import.meta.url));

/** Node for Miniflare (which needs 22 or later), and Miniflare with the workerd it ships. */
export const MINIFLARE = ["node@22.23.3", "miniflare@4.20260730.0"];

/**
 * Each runtime: its name, the npm packages that bring it, and the binary that runs the smoke suite.
 * `serve`: the arguments that run `cfq serve` there (after the binary), if it can.
 */
export const RUNTIMES = [
  // The oldest Node that package.json's `engines` allows: keep the two in step (a test checks).
  { name: "node 20.19.0", packages: ["node@20.19.0"], bin: "node", serve: [] },
  { name: "node 22", packages: ["node@22.23.3"], bin: "node", serve: [] },
  { name: "node 24", packages: ["node@24.21.0"], bin: "node", serve: [] },
  { name: "node 26", packages: ["node@26.10.0"], bin: "node", serve: [] },
  { name: "bun", packages: ["bun@1.4.5"], bin: "bun", serve: [] },
  {
    name: "deno",
    packages: ["deno@2.9.6"],
    bin: "deno",
    // The least each needs: the smoke suite, the network (its checks against `cfq serve`); the
    // server, the network and the environment (its token). A `--config` file would need --allow-read.
    run: ["run", "--no-prompt", "--allow-net=127.0.0.1"],
    serve: ["run", "--no-prompt", "--allow-net=127.0.0.1", "--allow-env"],
  },
  { name: "workerd", packages: MINIFLARE, bin: "node", worker: true },
];

/** An install that takes longer than this has failed (the registry is unreachable, say). */
const INSTALL_LIMIT_MS = 600_000;

/** Runs a command; resolves to its exit code and output (it never rejects for a non-zero exit). */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * The absolute path of `bin` from `packages`, installed by npx into its cache on first use (from
 * the npm registry; later calls find them there). Run from an empty directory, so that no
 * project's own node_modules/.bin is asked first.
 */
export async function locate(packages, bin) {
  const away = mkdtempSync(join(tmpdir(), "cfq-runtime-"));
  try {
    const args = ["-y", ...packages.flatMap((p) => ["-p", p]), "-c", `command -v ${bin}`];
    const env = { ...process.env, npm_config_loglevel: "error", npm_config_update_notifier: "false" };
    const found = await run("npx", args, { cwd: away, env, timeout: INSTALL_LIMIT_MS });
    const path = found.stdout.trim().split("\n").pop();
    if (found.code !== 0 || !path?.startsWith("/"))
      throw new Error(`npx could not install ${packages.join(" ")}:\n${found.stdout}${found.stderr}`);
    return path;
  } finally {
    rmSync(away, { recursive: true, force: true });
  }
}

/**
 * Serves a Worker (one bundled ES module) in workerd through Miniflare, on 127.0.0.1. `options` are
 * Miniflare's (bindings, queues, compatibility date). Resolves when it listens, to its URL and a
 * `stop()` that ends it.
 */
export async function startWorker(script, options = {}) {
  const node = await locate(MINIFLARE, "node");
  const dir = mkdtempSync(join(tmpdir(), "cfq-worker-"));
  // The module is given whole (not as a scriptPath that Miniflare would walk), so that workerd
  // resolves imports as it runs them: `import("node:http")` in a listen() never called stays unresolved.
  const modules = [{ type: "ESModule", path: join(dir, "worker.mjs"), contents: script }];
  writeFileSync(join(dir, "options.json"), JSON.stringify({ ...options, modules, modulesRoot: dir }));
  const miniflare = join(dirname(node), "..", "miniflare");
  const child = spawn(
    node,
    [fileURLToPath(new URL("host.mjs", import.meta.url)), miniflare, join(dir, "options.json")],
    {
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let output = "";
  const url = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const listening = /^listening on (\S+)$/m.exec(output);
      if (listening) resolve(listening[1]);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) =>
      reject(new Error(`Miniflare exited (${code}) before it listened:\n${output}`)),
    );
  });
  return {
    url,
    output: () => output,
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.stdin.end(); // host.mjs disposes of Miniflare when its stdin closes
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
