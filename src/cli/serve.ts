/** `cfq serve`: the emulator over HTTP until SIGINT or SIGTERM. */
import { readFile } from "node:fs/promises";
import { getHeapStatistics } from "node:v8";
import { createEmulator, EmulatorConfigError, type EmulatorConfig } from "../emulator/index.js";
import { createLineWriter } from "./lines.js";

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
    throw new EmulatorConfigError(`cfq ${what}: cannot read ${file}: ${(error as Error).message}`);
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
    throw new EmulatorConfigError(`cfq ${what}: ${file} is not valid JSON: ${reason}`);
  }
}

/** One token per line; blank lines and `#` comments are ignored. An empty file is refused. */
async function readTokenFile(file: string): Promise<string[]> {
  const tokens = (await readText(file, "--token-file"))
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  // Silently accepting any credentials because a file was empty would be worse than stopping.
  if (tokens.length === 0) throw new EmulatorConfigError(`cfq --token-file: ${file} holds no tokens`);
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
  if (!isRecord(json)) throw new EmulatorConfigError(`cfq config: ${options.config} must hold a JSON object`);
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

export async function serve(options: ServeOptions): Promise<void> {
  const config = await loadConfig(options);
  const emulator = createEmulator(config);
  const out = createLineWriter(process.stdout, config.tokens ?? []);
  const server = await emulator.listen({
    port: options.port,
    host: options.host,
    allowedHosts: options.allowedHosts.length ? options.allowedHosts : undefined,
    cors: options.cors,
    log: options.quiet ? undefined : out.write,
  });
  const stop = (signal: string) => {
    out.write(`${signal}: shutting down`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  const tokenCount = config.tokens?.length ?? 0;
  out.write(
    `cfq emulator: state is in memory only (lost on exit); max_stored_bytes ${config.max_stored_bytes}; ` +
      (tokenCount ? `${tokenCount} token${tokenCount > 1 ? "s" : ""} accepted` : "any credentials accepted"),
  );
  // Only now: whoever waits for this line may send a signal at once.
  out.write(`cfq emulator listening on ${server.url}`);
}
