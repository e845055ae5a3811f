#!/usr/bin/env node
/**
 * The `cfq` command: finds the command by name and runs it. Each command declares its own flags,
 * usage and help (commands/); this file only dispatches, and turns what a command throws into
 * one line and an exit code (failures.ts).
 */
import { closest } from "../core/check.js";
import { asksForHelp, parseCommandLine } from "./args.js";
import type { Command } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { EXIT, explain, UsageError, type Explained } from "./failures.js";
import { Output } from "./output.js";
import { findSecrets } from "./secrets.js";
import { generalHelp, generalUsage, helpOf, usageOf } from "./usage.js";

const VERSION_FLAGS = ["version", "--version", "-v"];

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = COMMANDS.find((c) => c.name === (VERSION_FLAGS.includes(name!) ? "version" : name));
  const allFlags = Object.assign({}, ...COMMANDS.map((c) => c.flags));
  const out = new Output({
    stdout: process.stdout,
    stderr: process.stderr,
    secrets: findSecrets(argv, process.env, command?.flags ?? allFlags),
    // Known before parsing, so that even a usage error comes as JSON when JSON was asked for.
    json: argv.includes("--json"),
    command: command?.name,
  });
  // `cfq pull q | head -1`: the reader is gone, and so is the point of going on.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? EXIT.ok);
    throw error;
  });

  if (name === undefined || name === "--help" || name === "-h") {
    const help = generalHelp(COMMANDS);
    if (name === undefined) {
      out.raw(`${help}\n`);
      return EXIT.usage;
    }
    await out.data(help);
    return EXIT.ok;
  }
  if (!command) {
    const guess = closest(
      name,
      COMMANDS.map((c) => c.name),
    );
    const what = name.startsWith("-") ? "flag" : "command";
    const failure: Explained = {
      message: `unknown ${what} ${JSON.stringify(name)}${guess ? ` (did you mean ${guess}?)` : ""}`,
      exitCode: EXIT.usage,
    };
    out.fail(failure, generalUsage(COMMANDS));
    return failure.exitCode;
  }
  if (asksForHelp(rest)) {
    await out.data(helpOf(command));
    return EXIT.ok;
  }
  try {
    return await command.run(parseCommandLine(command, rest), { out, env: process.env, commands: COMMANDS });
  } catch (error) {
    return report(out, error, command);
  }
}

/** Prints a failure (with the usage of its command, for a usage error) and returns its exit code. */
function report(out: Output, error: unknown, command: Command) {
  const failure = explain(error);
  const usageFor = error instanceof UsageError ? (error.command ?? command) : undefined;
  out.fail(failure, usageFor && usageOf(usageFor));
  return failure.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Only a bug outside any command gets here: its name alone, since nothing scrubbed its message.
    process.stderr.write(`cfq: unexpected error (${(error as Error)?.name ?? typeof error})\n`);
    process.exitCode = EXIT.failure;
  },
);
