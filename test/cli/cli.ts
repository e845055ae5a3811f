/**
 * The built `cfq` binary, run as users run it: a child process, with an environment that holds no
 * credential or base URL unless a test gives one. `cfq serve --port 0 --quiet` is the server.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, afterEach, beforeAll } from "vitest";
import { QueuesClient } from "../../src/index.js";

export const root = join(import.meta.dirname, "../..");
export const bin = join(root, "dist/src/cli/main.js");

/** The test process's environment without what the CLI reads (a developer's shell may set them). */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/^(CLOUDFLARE_|CFQ_)/.test(name)) delete env[name];
  return { ...env, ...extra };
}

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const children = new Set<ChildProcess>();

/** Kills whatever a test left running. */
export function killChildren() {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  children.clear();
}

type Stream = "stdout" | "stderr";

export interface Started {
  child: ChildProcess;
  /** Resolves with the first line of `stream` (stdout unless told) that matches. */
  line(re: RegExp, stream?: Stream): Promise<string>;
  stdoutLines(): string[];
  done: Promise<Ran>;
}

export interface RunOptions {
  /** Added to the clean environment. */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed. */
  input?: string;
  /** Options of node itself, before the script. */
  nodeArgs?: string[];
}

/** Starts `cfq …args`. */
export function start(args: string[], { env = {}, input, nodeArgs = [] }: RunOptions = {}): Started {
  const child = spawn(process.execPath, [...nodeArgs, bin, ...args], {
    stdio: ["pipe", "pipe", "pipe"],
    env: cleanEnv(env),
  });
  children.add(child);
  if (input !== undefined) child.stdin!.end(input);
  else child.stdin!.end();
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const seen = { stdout: [] as string[], stderr: [] as string[] };
  const waiters: { re: RegExp; stream: Stream; resolve: (line: string) => void }[] = [];
  for (const stream of ["stdout", "stderr"] as const) {
    createInterface({ input: child[stream]! }).on("line", (line) => {
      seen[stream].push(line);
      for (const waiter of waiters.filter((w) => w.stream === stream && w.re.test(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    });
  }
  const done = new Promise<Ran>((resolve) =>
    child.on("close", (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return {
    child,
    done,
    stdoutLines: () => seen.stdout,
    line: (re, stream = "stdout") =>
      new Promise((resolve, reject) => {
        const already = seen[stream].find((l) => re.test(l));
        if (already) return resolve(already);
        waiters.push({ re, stream, resolve });
        void done.then((ran) =>
          reject(new Error(`cfq ended before printing ${re}:\n${ran.stdout}${ran.stderr}`)),
        );
      }),
  };
}
/** Runs `cfq …args` to its end. */
export const cfq = (args: string[], options?: RunOptions) => start(args, options).done;

/** stdout's NDJSON, parsed. */
export const records = (stdout: string): Record<string, any>[] =>
  stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, any>);

export interface Server {
  url: string;
  /** `--local --base-url URL`: the development account and token, at this server. */
  local: string[];
  /** A client of the library, to set up and check the queues the CLI works on. */
  client: QueuesClient;
  stop(): Promise<Ran>;
}

/** `cfq serve --port 0 --quiet` (with `config`, if given), once it says where it listens. */
export async function serve(config?: object, extraArgs: string[] = []): Promise<Server> {
  const args = ["serve", "--port", "0", "--quiet", ...extraArgs];
  if (config) args.push("--config", tempFile("cfq.config.json", JSON.stringify(config)));
  const server = start(args);
  children.delete(server.child); // it outlives the tests: stop() ends it
  const url = /(http:\/\/\S+\/client\/v4)$/.exec(await server.line(/listening on/))![1]!;
  return {
    url,
    local: ["--local", "--base-url", url],
    client: new QueuesClient({ accountId: "local", apiToken: "dev-token", baseUrl: url, rateLimit: false }),
    stop() {
      server.child.kill("SIGTERM");
      return server.done;
    },
  };
}

/**
 * One `cfq serve` for the tests of a file: started before them, stopped after them. The object is
 * filled in when it starts. Children a test leaves running are killed after it.
 */
export function serveForTheseTests(config?: object): Server {
  const server = {} as Server;
  beforeAll(async () => {
    Object.assign(server, await serve(config));
  });
  afterAll(() => server.stop());
  afterEach(killChildren);
  return server;
}

/** A file with this text, in a directory of its own. */
export function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "cfq-cli-")), name);
  writeFileSync(file, text);
  return file;
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/** Whether util-linux's `script` can give a command a terminal here. */
export const hasScript = spawnSync("script", ["--version"], { stdio: "ignore" }).status === 0;

/**
 * Runs `cfq …args` with a terminal (a pty, through util-linux's `script`) of `columns` columns as its
 * stdin, stdout and stderr: what `script` gives back is both streams together, as a terminal shows them.
 */
export function inTerminal(args: string[], columns = 80): Promise<Ran> {
  const command = `stty cols ${columns}; ${[process.execPath, bin, ...args].map(quote).join(" ")}`;
  return new Promise((resolve) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: cleanEnv(),
    });
    children.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    child.on("close", (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export interface StandInRequest {
  /** The path after `/client/v4/accounts/{account}/queues/{queue}/messages`: `/peek`, `/purge`, `/pull`… */
  operation: string;
  account: string;
  queue: string;
  body: any;
  headers: Record<string, string | string[] | undefined>;
}

export interface StandIn {
  url: string;
  /** `--local --base-url URL` */
  local: string[];
  requests: StandInRequest[];
  close(): Promise<void>;
}

/**
 * A stand-in for the API over HTTP, for what `cfq serve` cannot answer yet: it records each request
 * and answers the v4 envelope of what `answer` returns (`{ status, result }` or `{ status, errors }`).
 */
export async function standIn(
  answer: (request: StandInRequest) => {
    status?: number;
    result?: unknown;
    errors?: { code: number; message: string }[];
    /** Headers of the answer, beside its content type. */
    headers?: Record<string, string>;
  },
): Promise<StandIn> {
  const requests: StandInRequest[] = [];
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => {
      const match = /\/accounts\/([^/]+)\/queues\/([^/]+)\/messages(\/[\w/]*)?$/.exec(req.url ?? "");
      const request = {
        operation: match?.[3] ?? "",
        account: match?.[1] ?? "",
        queue: match?.[2] ?? "",
        body: text ? JSON.parse(text) : undefined,
        headers: req.headers,
      };
      requests.push(request);
      const { status = 200, result = null, errors = [], headers = {} } = answer(request);
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify({ success: status < 300, errors, messages: [], result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`;
  return {
    url,
    local: ["--local", "--base-url", url],
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
