/**
 * Runs the README's shell commands in bash, as a user would type them, with bounded time. A server
 * command is started in its own process group and stopped with SIGINT, as Ctrl-C stops it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

let env: NodeJS.ProcessEnv = {};

/**
 * Sets the environment of the commands. `npx` must never download (the README's `npx cfq` is this
 * package's own bin), and starts from an empty npm cache in `dir`, as on a machine that never ran
 * it: npx keeps its own link to a project's bin in the cache, and marks the bin executable only
 * when it makes that link.
 */
export function useEnvironment(dir: string) {
  env = {
    ...process.env,
    npm_config_yes: "false",
    npm_config_update_notifier: "false",
    npm_config_cache: join(dir, "npm-cache"),
  };
}

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(command: string, cwd: string): { child: ChildProcess; done: Promise<Ran> } {
  const child = spawn("bash", ["-c", command], {
    cwd,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const done = new Promise<Ran>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/** Signals the command's whole process group (bash, npx, node), if it still runs. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

const running = new Set<ChildProcess>();

/** Kills whatever a failed test left running. */
export function killAll() {
  for (const child of running) signalGroup(child, "SIGKILL");
  running.clear();
}

/** Runs a command to its end; kills it after `timeoutMs`. */
export async function run(command: string, cwd: string, timeoutMs = 20_000): Promise<Ran> {
  const { child, done } = start(command, cwd);
  running.add(child);
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), timeoutMs);
  const result = await done;
  clearTimeout(timer);
  running.delete(child);
  return result;
}

const groupAlive = (child: ChildProcess) => {
  try {
    process.kill(-child.pid!, 0);
    return true;
  } catch {
    return false;
  }
};

/** Waits until no process of the command's group is left, for at most `ms`; says whether none is. */
async function groupEnded(child: ChildProcess, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    if (!groupAlive(child)) return true;
  }
  return !groupAlive(child);
}

/**
 * Starts a command that runs until Ctrl-C, waits for the first line that `ready` matches (on stdout, or
 * on either stream with `stderr`), or for its early end, then sends SIGINT to its process group, as
 * Ctrl-C does. Returns that line (undefined if none came), how the command ended, and whether every
 * process of it ended within 5 s of the signal.
 */
export async function interruptWhenReady(
  command: string,
  cwd: string,
  ready: RegExp,
  { stderr = false, timeoutMs = 15_000 }: { stderr?: boolean; timeoutMs?: number } = {},
): Promise<{ ready: string | undefined; ran: Ran; stopped: boolean }> {
  const { child, done } = start(command, cwd);
  running.add(child);
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), timeoutMs);
  const line = await new Promise<string | undefined>((resolve) => {
    for (const stream of stderr ? [child.stdout!, child.stderr!] : [child.stdout!]) {
      createInterface({ input: stream }).on("line", (text) => {
        if (ready.test(text)) resolve(text);
      });
    }
    void done.then(() => resolve(undefined));
  });
  if (line) signalGroup(child, "SIGINT");
  const ran = await done;
  const stopped = await groupEnded(child, 5_000);
  clearTimeout(timer);
  if (stopped) running.delete(child);
  return { ready: line, ran, stopped };
}

/** A server command (`cfq serve`): interrupted once it prints its "listening on" line. */
export async function serveThenInterrupt(
  command: string,
  cwd: string,
  timeoutMs = 15_000,
): Promise<{ listening: string | undefined; ran: Ran; stopped: boolean }> {
  const { ready, ran, stopped } = await interruptWhenReady(command, cwd, /listening on /, { timeoutMs });
  return { listening: ready, ran, stopped };
}

/** A command that runs until Ctrl-C (`cfq tail`): interrupted once it prints its first line, on either stream. */
export const runUntilInterrupted = (command: string, cwd: string) =>
  interruptWhenReady(command, cwd, /./, { stderr: true });
