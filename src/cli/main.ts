#!/usr/bin/env node
/** The `cfq` command. */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { serve } from "./serve.js";

const HELP = `Usage: cfq serve [options]

Runs a local Cloudflare Queues emulator for the HTTP message API (push, batch, pull, ack).

Options:
  --port N        TCP port (default 8787; 0 picks a free one)
  --host ADDR     address to bind (default 127.0.0.1)
  --config FILE   JSON configuration: strict, tokens, queues, faults
  --faults FILE   JSON fault injection rules ({ "seed", "rules" }); replaces the config's faults
  --token T       accept this API token (repeatable; adds to the config's tokens)
  -h, --help      show this help
  -v, --version   show the version
`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
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
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`cfq: --port must be an integer from 0 to 65535; got ${JSON.stringify(values.port)}`);
    return 1;
  }
  await serve({
    port,
    host: values.host!,
    config: values.config,
    faults: values.faults,
    tokens: values.token!,
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
