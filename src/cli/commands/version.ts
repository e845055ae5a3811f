/** `cfq version` (also `cfq --version`, `cfq -v`): prints the version. */
import type { Command } from "../command.js";
import { EXIT } from "../failures.js";
import { packageVersion } from "../package-version.js";

export const version: Command = {
  name: "version",
  summary: "print cfq's version (also cfq --version)",
  usage: ["cfq version"],
  description: "Prints cfq's version.",
  positionals: [],
  flags: {},

  async run(_parsed, { out }) {
    await out.data(packageVersion());
    return EXIT.ok;
  },
};
