/**
 * What a `cfq` command declares: its name, usage, help and flags, and how it runs. `main.ts` only
 * finds the command by name; everything about it lives in its own module under `commands/`.
 */
import type { Output } from "./output.js";

/** A flag, as `node:util`'s parseArgs takes it, with what the help shows. */
export interface Flag {
  type: "string" | "boolean";
  /** May be given several times (the values come as an array). */
  multiple?: boolean;
  short?: string;
  /** The value's name in the help: `N`, `FILE`, … (string flags only). */
  value?: string;
  /** One line for the help's option list. */
  description: string;
  /** Its value is a credential: never printed, and scrubbed from every line the CLI prints. */
  secret?: boolean;
}

export type Flags = Record<string, Flag>;

/** A positional argument: required unless `optional`; `variadic` takes every remaining one. */
export interface Positional {
  name: string;
  optional?: boolean;
  variadic?: boolean;
}

/** The command line, parsed and checked against the command's declarations. */
export interface Parsed {
  /** Flag values by name: a string, a boolean, or an array for `multiple` flags (absent when not given). */
  values: Record<string, string | boolean | string[] | undefined>;
  /** Positional arguments by name; a variadic one is an array. */
  args: Record<string, string | string[] | undefined>;
}

/** What a command runs with. */
export interface Context {
  out: Output;
  env: NodeJS.ProcessEnv;
  /** Every command, for `help`. */
  commands: readonly Command[];
}

export interface Command {
  name: string;
  /** One line for the list of commands. */
  summary: string;
  /** The usage lines, without `Usage:` (each starts with `cfq NAME`). */
  usage: string[];
  /** What the command does, in a few lines, shown by `--help` above the options. */
  description: string;
  positionals: Positional[];
  flags: Flags;
  /** Shown by `--help` after the options (environment, exit codes, examples), if any. */
  notes?: string;
  /** Runs the command; resolves to the exit code. */
  run(parsed: Parsed, context: Context): Promise<number>;
}
