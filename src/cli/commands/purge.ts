/** `cfq purge`: deletes messages by the refs that `cfq peek` shows. */
import { API_FLAGS, withConnection } from "../api.js";
import type { Command } from "../command.js";
import { CONNECTION_NOTES } from "../connection.js";
import { reportOutcomes } from "../outcomes.js";

export const purge: Command = {
  name: "purge",
  summary: "delete messages by the refs that peek shows",
  usage: ["cfq purge QUEUE REF..."],
  description: `Deletes the messages of the refs, whatever their state (available, delayed or leased).
\`cfq peek --json\` prints the refs:
  cfq peek QUEUE --json | jq -r .ref | xargs cfq purge QUEUE
A ref that matches no message (already gone) is reported, and the command exits 1.
To delete every message of a queue, use \`wrangler queues purge QUEUE_NAME\`.`,
  positionals: [{ name: "QUEUE" }, { name: "REF", variadic: true }],
  flags: { ...API_FLAGS },
  notes: CONNECTION_NOTES,

  run(parsed, context) {
    const refs = parsed.args.REF as string[];
    return withConnection(parsed, context, async ({ client }) => {
      const { warnings, errors } = await client.queue(parsed.args.QUEUE as string).purge(refs);
      const gone = refs.filter((ref) => !Object.hasOwn(warnings, ref)).length;
      return reportOutcomes(
        context.out,
        refs.map((ref) => ({ id: ref, fields: { ref } })),
        warnings,
        {
          summary: `purged ${gone} of ${refs.length}`,
          noun: "ref",
          failed: "matched no message",
          problems: errors.map((error) => `the purge reported: ${error}`),
        },
      );
    });
  },
};
