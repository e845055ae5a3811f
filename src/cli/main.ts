#!/usr/bin/env node
/** The `cfq` command. */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { EmulatorConfigError } from "../emulator/index.js";
import { serve } from "./serve.js";

const HELP = `Usage: cfq serve [options]

Runs a local Cloudflare Queues emulator for the HTTP message API (push, batch, pull, ack).
State is in memory only: every message and lease is lost when it stops, restarts or crashes.

Options:
  --port N                TCP port (default 8787; 0 picks a free one)
  --host ADDR             address to bind (default 127.0.0.1: this machine only)
  --config FILE           JSON configuration: strict, tokens, queues, faults, max_stored_bytes
  --faults FILE           JSON fault injection, { "seed", "rules" } or { "faults": { ... } };
                          replaces the config's faults
  --token T               accept this API token (repeatable). Other users of this machine can
                          read it with ps: prefer --token-file or CFQ_SERVE_TOKENS
  --token-file FILE       accept the tokens in FILE, one per line (# comments, blank lines ignored)
  --max-stored-bytes N    refuse pushes (429 / 10251) past N bytes stored, bodies plus ~300 B per
                          message (default: a quarter of the heap limit, printed at start-up)
  --allow-host NAME       also answer requests whose Host is NAME (repeatable). Bound to loopback,
                          only loopback names are answered, against DNS rebinding
  --cors ORIGIN           let browser pages of ORIGIN (or *) call the emulator (default: no CORS)
  --quiet                 no request log
  -h, --help              show this help
  -v, --version           show the version

Environment:
  CFQ_SERVE_TOKENS        accepted API tokens, comma-separated

Tokens from the config, --token, --token-file and CFQ_SERVE_TOKENS add up; none is ever printed.
`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

function integerOption(name: string, value: string, max: number): number {
  const number = Number(value);
  if (value.trim() === "" || !Number.isInteger(number) || number < 0 || number > max) {
    throw new EmulatorConfigError(
      `cfq: ${name} must be an integer from 0 to ${max}; got ${JSON.stringify(value)}`,
    );
  }
  return number;
}

/** `scheme://host[:port]`, nothing more: what a browser sends as Origin. */
function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: "string", default: "8787" },
      host: { type: "string", default: "127.0.0.1" },
      config: { type: "string" },
      faults: { type: "string" },
      token: { type: "string", multiple: true, default: [] },
      "token-file": { type: "string", multiple: true, default: [] },
      "max-stored-bytes": { type: "string" },
      "allow-host": { type: "string", multiple: true, default: [] },
      cors: { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
  if (values.version) {
    console.log(version());
    return 0;
  }
  if (values.help || positionals.length === 0) {
    console.log(HELP);
    return values.help ? 0 : 1;
  }
  if (positionals[0] !== "serve" || positionals.length > 1) {
    console.error(`cfq: unknown command ${JSON.stringify(positionals.join(" "))}\n\n${HELP}`);
    return 1;
  }
  const port = integerOption("--port", values.port!, 65535);
  const maxStoredBytes =
    values["max-stored-bytes"] === undefined
      ? undefined
      : integerOption("--max-stored-bytes", values["max-stored-bytes"], Number.MAX_SAFE_INTEGER);
  const cors = values.cors;
  if (cors !== undefined && cors !== "*" && !isOrigin(cors)) {
    throw new EmulatorConfigError(
      `cfq: --cors must be an origin such as http://localhost:5173, or *; got ${JSON.stringify(cors)}`,
    );
  }
  await serve({
    port,
    host: values.host!,
    config: values.config,
    faults: values.faults,
    tokens: values.token!,
    tokenFiles: values["token-file"]!,
    tokensFromEnv: process.env.CFQ_SERVE_TOKENS,
    maxStoredBytes,
    allowedHosts: values["allow-host"]!,
    cors,
    quiet: values.quiet!,
  });
  return -1; // keeps running until a signal
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: Error) => {
    console.error(
      error.name === "EmulatorConfigError" || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
        ? error.message
        : error,
    );
    process.exitCode = 1;
  },
);
