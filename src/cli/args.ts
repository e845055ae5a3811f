/**
 * Parses a command's arguments against its own declarations: node:util's parseArgs in strict mode,
 * then the positionals. Every mistake becomes a {@link UsageError} of one line that names the flag
 * or argument (an unknown flag with the known one it most resembles); the value of an unknown flag
 * is never shown, since it may be a credential given under a misspelt name.
 */
import { parseArgs } from "node:util";
import { closest } from "../core/check.js";
import type { Command, Flags, Parsed } from "./command.js";
import { CliFailure, UsageError } from "./failures.js";

/** Every command takes these. */
export const HELP_FLAG: Flags = {
  help: { type: "boolean", short: "h", description: "show this help" },
};

/** The command's flags, `--help` included, as parseArgs takes them. */
function optionsOf(command: Command) {
  const flags = { ...command.flags, ...HELP_FLAG };
  return Object.fromEntries(
    Object.entries(flags).map(([name, { type, multiple, short }]) => [
      name,
      { type, ...(multiple && { multiple }), ...(short && { short }) },
    ]),
  );
}

/** `--help` (or `-h`) anywhere before `--`, whatever else is wrong with the line. */
export const asksForHelp = (argv: readonly string[]) => {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).some((arg) => arg === "--help" || arg === "-h");
};

export function parseCommandLine(command: Command, argv: string[]): Parsed {
  const options = optionsOf(command);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (error) {
    if (!(error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) throw error;
    throw new UsageError(explainParseError(command, argv, error as Error), command);
  }
  return { values: parsed.values as Parsed["values"], args: positionalsOf(command, parsed.positionals) };
}

/** Names what parseArgs refused, from the tokens of a lenient pass over the same arguments. */
function explainParseError(command: Command, argv: string[], error: Error): string {
  const options = optionsOf(command);
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const option = options[token.name];
    if (!option) {
      const guess = closest(token.name, Object.keys(options));
      return `unknown flag ${token.rawName}${guess ? ` (did you mean --${guess}?)` : ""}`;
    }
    if (option.type === "boolean" && token.inlineValue) return `${token.rawName} takes no value`;
    if (option.type === "string" && token.value === undefined) return `${token.rawName} needs a value`;
    if (option.type === "string" && !token.inlineValue && token.value?.startsWith("-")) {
      return `${token.rawName} needs a value (for one that starts with -, write ${token.rawName}=VALUE)`;
    }
  }
  return error.message.split(/[.\n]/)[0]!; // not expected: parseArgs's own first sentence
}

function positionalsOf(command: Command, given: string[]): Parsed["args"] {
  const args: Parsed["args"] = {};
  let next = 0;
  for (const positional of command.positionals) {
    if (positional.variadic) {
      args[positional.name] = given.slice(next);
      next = given.length;
    } else if (next < given.length) {
      args[positional.name] = given[next++];
    }
    const value = args[positional.name];
    const missing = value === undefined || (Array.isArray(value) && value.length === 0);
    if (missing && !positional.optional) throw new UsageError(`missing ${positional.name}`, command);
  }
  if (next < given.length) {
    throw new UsageError(`unexpected argument ${JSON.stringify(given[next])}`, command);
  }
  return args;
}

/** A string flag's value as an integer from `min` to `max`, or `undefined` when not given. */
export function integerFlag(parsed: Parsed, name: string, min: number, max: number): number | undefined {
  const value = parsed.values[name] as string | undefined;
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === "" || !Number.isInteger(number) || number < min || number > max) {
    throw new CliFailure(`--${name} must be an integer from ${min} to ${max}; got ${JSON.stringify(value)}`);
  }
  return number;
}
