/** `cfq serve`: the emulator over HTTP until SIGINT or SIGTERM. */
import { readFile } from "node:fs/promises";
import { createEmulator, EmulatorConfigError, type EmulatorConfig } from "../emulator/index.js";

export interface ServeOptions {
  port: number;
  host: string;
  config?: string | undefined;
  faults?: string | undefined;
  tokens: string[];
}

async function readJson(file: string, what: string): Promise<unknown> {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new EmulatorConfigError(`cfq ${what}: cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EmulatorConfigError(`cfq ${what}: ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

export async function loadConfig(
  options: Pick<ServeOptions, "config" | "faults" | "tokens">,
): Promise<EmulatorConfig> {
  const config = (options.config ? await readJson(options.config, "config") : {}) as EmulatorConfig;
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new EmulatorConfigError(`cfq config: ${options.config} must hold a JSON object`);
  }
  const faults = options.faults
    ? ((await readJson(options.faults, "faults")) as EmulatorConfig["faults"])
    : config.faults;
  const tokens = [...(Array.isArray(config.tokens) ? config.tokens : []), ...options.tokens];
  return { ...config, ...(faults ? { faults } : {}), ...(tokens.length ? { tokens } : {}) };
}

export async function serve(options: ServeOptions): Promise<void> {
  const emulator = createEmulator(await loadConfig(options));
  const server = await emulator.listen({
    port: options.port,
    host: options.host,
    log: (line) => console.log(line),
  });
  const stop = (signal: string) => {
    console.log(`${signal}: shutting down`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  // Only now: whoever waits for this line may send a signal at once.
  console.log(`cfq emulator listening on ${server.url}`);
}
