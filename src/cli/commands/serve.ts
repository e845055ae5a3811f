/** `cfq serve`: the local emulator over HTTP, until Ctrl-C (SIGINT) or SIGTERM. Its flags, help and values. */
import { integerFlag } from "../args.js";
import type { Command } from "../command.js";
import { CliFailure, EXIT } from "../failures.js";
import { SERVE_TOKENS_VARIABLE } from "../secrets.js";
import { serve as runEmulator } from "../serve.js";
import { shortNames } from "../../emulator/spec.js";

export const serve: Command = {
  name: "serve",
  summary: "run a local Cloudflare Queues emulator (http://127.0.0.1:8787/client/v4)",
  usage: ["cfq serve [options]"],
  description: `Runs a local Cloudflare Queues emulator for the HTTP message API (${shortNames.join(", ")}).
State is in memory only: every message and lease is lost when it stops, restarts or crashes.
It prints its base URL when ready, logs one line per request, and stops cleanly on Ctrl-C.`,
  positionals: [],
  flags: {
    port: { type: "string", value: "N", description: "TCP port (default 8787; 0 picks a free one)" },
    host: {
      type: "string",
      value: "ADDR",
      description: "address to bind (default 127.0.0.1: this machine only)",
    },
    config: {
      type: "string",
      value: "FILE",
      description: "JSON configuration: strict, tokens, queues, faults, max_stored_bytes",
    },
    faults: {
      type: "string",
      value: "FILE",
      description:
        'JSON fault injection, { "seed", "rules" } or { "faults": { ... } };\nreplaces the config\'s faults',
    },
    token: {
      type: "string",
      multiple: true,
      value: "T",
      secret: true,
      description:
        "accept this API token (repeatable). Other users of this machine can\nread it with ps: prefer --token-file or CFQ_SERVE_TOKENS",
    },
    "token-file": {
      type: "string",
      multiple: true,
      value: "FILE",
      description: "accept the tokens in FILE, one per line (# comments, blank lines ignored)",
    },
    "max-stored-bytes": {
      type: "string",
      value: "N",
      description:
        "refuse pushes (429 / 10251) past N bytes stored, bodies plus ~300 B per\nmessage (default: a quarter of the heap limit, printed at start-up)",
    },
    "allow-host": {
      type: "string",
      multiple: true,
      value: "NAME",
      description:
        "also answer requests whose Host is NAME (repeatable). Bound to loopback,\nonly loopback names are answered, against DNS rebinding",
    },
    cors: {
      type: "string",
      value: "ORIGIN",
      description: "let browser pages of ORIGIN (or *) call the emulator (default: no CORS)",
    },
    quiet: { type: "boolean", description: "no request log" },
    version: { type: "boolean", short: "v", description: "show the version" },
  },
  notes: `Environment:
  ${SERVE_TOKENS_VARIABLE}        accepted API tokens, comma-separated

Tokens from the config, --token, --token-file and ${SERVE_TOKENS_VARIABLE} add up; none is ever printed.
With no token at all, any credentials are accepted: \`cfq push --local\` (token dev-token) just works.`,

  async run(parsed, context) {
    const { values } = parsed;
    if (values.version) return context.commands.find((c) => c.name === "version")!.run(parsed, context);
    const port = integerFlag(parsed, "port", 0, 65535) ?? 8787;
    const maxStoredBytes = integerFlag(parsed, "max-stored-bytes", 0, Number.MAX_SAFE_INTEGER);
    const cors = values.cors as string | undefined;
    if (cors !== undefined && cors !== "*" && !isOrigin(cors)) {
      throw new CliFailure(
        `--cors must be an origin such as http://localhost:5173, or *; got ${JSON.stringify(cors)}`,
      );
    }
    const strings = (name: string) => (values[name] as string[] | undefined) ?? [];
    await runEmulator({
      port,
      host: (values.host as string | undefined) ?? "127.0.0.1",
      config: values.config as string | undefined,
      faults: values.faults as string | undefined,
      tokens: strings("token"),
      tokenFiles: strings("token-file"),
      tokensFromEnv: context.env[SERVE_TOKENS_VARIABLE],
      maxStoredBytes,
      allowedHosts: strings("allow-host"),
      cors,
      quiet: values.quiet === true,
    });
    return EXIT.ok;
  },
};

/** `scheme://host[:port]`, nothing more: what a browser sends as Origin. */
function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}
