// Starts `cfq serve` (or another script that prints a base URL) in its own process, so that the
// server has a core of its own and the load runs in this process.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../dist/src/cli/main.js", import.meta.url));

/** Runs `node …args` and resolves once it prints a `…/client/v4` URL. Its further output is read and dropped. */
export function startServer(args) {
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the server exited (${code}) before it was ready`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const url = /(http:\/\/\S+\/client\/v4)/.exec(line)?.[1];
      if (url) resolve({ url, stop: () => child.kill("SIGTERM") });
    });
  });
}

/** `cfq serve` on a free port, with every operation delayed by `delayMs` (0: no fault injection). */
export async function startCfqServe({ delayMs = 0 } = {}) {
  const args = [CLI, "serve", "--port", "0"];
  let dir;
  if (delayMs > 0) {
    dir = mkdtempSync(join(tmpdir(), "cfq-bench-"));
    writeFileSync(
      join(dir, "faults.json"),
      JSON.stringify({ rules: [{ op: "*", fault: "delay", ms: delayMs }] }),
    );
    args.push("--faults", join(dir, "faults.json"));
  }
  const server = await startServer(args);
  return {
    url: server.url,
    stop() {
      server.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
