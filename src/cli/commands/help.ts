/** `cfq help [COMMAND]`: the list of commands, or one command's help. */
import type { Command } from "../command.js";
import { EXIT, UsageError } from "../failures.js";
import { closest } from "../../core/check.js";
import { generalHelp, helpOf } from "../usage.js";

export const help: Command = {
  name: "help",
  summary: "list the commands, or show one's help (also cfq COMMAND --help)",
  usage: ["cfq help [COMMAND]"],
  description: "Lists the commands, or shows the arguments and options of COMMAND.",
  positionals: [{ name: "COMMAND", optional: true }],
  flags: {},

  async run(parsed, { out, commands }) {
    const name = parsed.args.COMMAND as string | undefined;
    if (name === undefined) {
      await out.data(generalHelp(commands));
      return EXIT.ok;
    }
    const command = commands.find((c) => c.name === name);
    if (!command) {
      const guess = closest(
        name,
        commands.map((c) => c.name),
      );
      throw new UsageError(
        `unknown command ${JSON.stringify(name)}${guess ? ` (did you mean ${guess}?)` : ""}`,
        help,
      );
    }
    await out.data(helpOf(command));
    return EXIT.ok;
  },
};
