/** The usage and help texts, built from what each command declares. */
import { HELP_FLAG } from "./args.js";
import type { Command, Flags } from "./command.js";

/** The usage lines, as a usage error shows them after its message. */
export function usageOf(command: Command): string {
  const [first, ...more] = command.usage;
  return (
    [`Usage: ${first}`, ...more.map((line) => `       ${line}`)].join("\n") +
    `\nRun \`cfq ${command.name} --help\` for the options.`
  );
}

/** `cfq COMMAND --help`: usage, description, options, notes. */
export function helpOf(command: Command): string {
  const [first, ...more] = command.usage;
  return [
    `Usage: ${first}`,
    ...more.map((line) => `       ${line}`),
    "",
    command.description,
    "",
    "Options:",
    optionLines({ ...command.flags, ...HELP_FLAG }),
    ...(command.notes ? ["", command.notes] : []),
  ].join("\n");
}

/** What follows a usage error that names no command: the commands, in one line. */
export const generalUsage = (commands: readonly Command[]) =>
  `Usage: cfq COMMAND [arguments] [options], where COMMAND is one of: ${commands.map((c) => c.name).join(", ")}.\n` +
  "Run `cfq help` for what each does.";

/** `cfq help`: every command, and where to read more. */
export function generalHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "cfq: Cloudflare Queues from the command line, against Cloudflare or a local emulator (cfq serve).",
    "",
    "Usage: cfq COMMAND [arguments] [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `cfq help COMMAND` or `cfq COMMAND --help` for a command's arguments and options.",
    "`cfq version` (or `cfq --version`) prints the version.",
    "Exit codes: 0 success; 1 a failure; 2 bad usage.",
  ].join("\n");
}

function optionLines(flags: Flags): string {
  const names = Object.entries(flags).map(([name, flag]) => {
    const short = flag.short ? `-${flag.short}, ` : "";
    return `${short}--${name}${flag.type === "string" ? ` ${flag.value ?? "VALUE"}` : ""}`;
  });
  const width = Math.max(...names.map((n) => n.length));
  // A description's later lines line up under its first.
  const indent = " ".repeat(width + 4);
  return Object.values(flags)
    .map((flag, i) => `  ${names[i]!.padEnd(width)}  ${flag.description.split("\n").join(`\n${indent}`)}`)
    .join("\n");
}
