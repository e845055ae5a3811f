/** Runs the emulator of `cfq serve` over HTTP until SIGINT or SIGTERM (its flags are in commands/serve.ts). */
import { readFile } from "node:fs/promises";
import { getHeapStatistics } from "node:v8";
import { createEmulator, type EmulatorConfig, type EmulatorServer } from "../emulator/index.js";
import { CliFailure } from "./failures.js";
import { createLineWriter } from "./serve-log.js";

export interface ServeOptions {
  port: number;
  host: string;
  config?: string | undefined;
  faults?: string | undefined;
  /** From `--token` (visible in `ps`: the help says so). */
  tokens: string[];
  /** Files of tokens, one per line (`--token-file`). */
  tokenFiles: string[];
  /** Comma-separated tokens, from the environment (`CFQ_SERVE_TOKENS`). */
  tokensFromEnv?: string | undefined;
  maxStoredBytes?: number | undefined;
  allowedHosts: string[];
  cors?: string | undefined;
  /** No request log. */
  quiet: boolean;
}

/**
 * A quarter of this process's heap limit: room for bodies kept as UTF-16 (up to twice their UTF-8
 * bytes) and for the collector to work, as with the core's fixed default (DEFAULT_MAX_STORED_BYTES),
 * which this equals under Node's default heap on a 16 GB machine.
 */
const defaultMaxStoredBytes = () => Math.floor(getHeapStatistics().heap_size_limit / 4);

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new CliFailure(`${what}: cannot read ${file}: ${(error as Error).message}`);
  }
}

async function readJson(file: string, what: string): Promise<unknown> {
  const text = await readText(file, what);
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 quotes the text around the error ("…", "tokens": ["…"] is not valid JSON): a file that
    // holds tokens must not have them printed, so only the reason is kept.
    const reason = (error as Error).message.replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, "");
    throw new CliFailure(`${what}: ${file} is not valid JSON: ${reason}`);
  }
}

/** One token per line; blank lines and `#` comments are ignored. An empty file is refused. */
async function readTokenFile(file: string): Promise<string[]> {
  const tokens = (await readText(file, "--token-file"))
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  // Silently accepting any credentials because a file was empty would be worse than stopping.
  if (tokens.length === 0) throw new CliFailure(`--token-file: ${file} holds no tokens`);
  return tokens;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `--faults FILE` holds `{ "seed", "rules" }`, or the README's `{ "faults": { "seed", "rules" } }`. */
function unwrapFaults(value: unknown): unknown {
  return isRecord(value) && Object.keys(value).length === 1 && Object.hasOwn(value, "faults")
    ? value.faults
    : value;
}

export async function loadConfig(
  options: Pick<
    ServeOptions,
    "config" | "faults" | "tokens" | "tokenFiles" | "tokensFromEnv" | "maxStoredBytes"
  >,
): Promise<EmulatorConfig> {
  const json = options.config ? await readJson(options.config, "config") : {};
  if (!isRecord(json)) throw new CliFailure(`config: ${options.config} must hold a JSON object`);
  const config = json as EmulatorConfig;
  const faults = options.faults
    ? (unwrapFaults(await readJson(options.faults, "faults")) as EmulatorConfig["faults"])
    : config.faults;
  const tokens = [
    ...(Array.isArray(config.tokens) ? config.tokens : []),
    ...options.tokens,
    ...(await Promise.all(options.tokenFiles.map(readTokenFile))).flat(),
    ...(options.tokensFromEnv ?? "")
      .split(",")
      .map((token) => token.trim())
      .filter((token) => token !== ""),
  ];
  return {
    ...config,
    ...(faults ? { faults } : {}),
    ...(tokens.length ? { tokens } : {}),
    max_stored_bytes: options.maxStoredBytes ?? config.max_stored_bytes ?? defaultMaxStoredBytes(),
  };
}

/** Serves until SIGINT or SIGTERM; resolves once stopped. */
export async function serve(options: ServeOptions): Promise<void> {
  const config = await loadConfig(options);
  const emulator = createEmulator(config);
  const out = createLineWriter(process.stdout, config.tokens ?? []);
  const server = await listen(emulator, options, out.write);
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      out.write(`${signal}: shutting down`);
      // Whatever keeps the process up after the server closed (a client's open connection) must not.
      setTimeout(() => process.exit(0), 2000).unref();
      server.close().then(resolve, resolve);
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
  const tokenCount = config.tokens?.length ?? 0;
  out.write(
    `cfq emulator: state is in memory only (lost on exit); max_stored_bytes ${config.max_stored_bytes}; ` +
      (tokenCount ? `${tokenCount} token${tokenCount > 1 ? "s" : ""} accepted` : "any credentials accepted"),
  );
  // Only now: whoever waits for this line may send a signal at once.
  out.write(`cfq emulator listening on ${server.url}`);
  await stopped;
}

/** The emulator's server; a port in use or an address that cannot be bound is said in one line. */
async function listen(
  emulator: ReturnType<typeof createEmulator>,
  options: ServeOptions,
  log: (line: string) => void,
): Promise<EmulatorServer> {
  const { port, host } = options;
  try {
    return await emulator.listen({
      port,
      host,
      allowedHosts: options.allowedHosts.length ? options.allowedHosts : undefined,
      cors: options.cors,
      log: options.quiet ? undefined : log,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      throw new CliFailure(
        `port ${port} is in use on ${host}`,
        "stop what listens there (another cfq serve?), or choose another port: --port 0 picks a free one",
      );
    }
    if (code === "EACCES") {
      throw new CliFailure(
        `port ${port} on ${host} needs privileges`,
        "choose a port above 1023, or --port 0",
      );
    }
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
      throw new CliFailure(`cannot bind --host ${host}: no such address on this machine (${code})`);
    }
    throw error;
  }
}
