/** `cfq peek`: shows the messages waiting on a queue, without leasing or changing them. */
import { API_FLAGS, batchFlag, parseBatch, withConnection } from "../api.js";
import type { Command } from "../command.js";
import { CONNECTION_NOTES } from "../connection.js";
import { EXIT } from "../failures.js";
import { printMessage } from "../render.js";

export const peek: Command = {
  name: "peek",
  summary: "show waiting messages without leasing or changing them",
  usage: ["cfq peek QUEUE [--batch N]"],
  description: `Prints up to N available messages of QUEUE in delivery order, one line each: id, attempts,
content type and body (--json: one object each, with the ref that \`cfq purge\` takes). Nothing
is leased or changed: attempts do not go up.`,
  positionals: [{ name: "QUEUE" }],
  flags: {
    batch: batchFlag("messages to show", "5"),
    ...API_FLAGS,
  },
  notes: CONNECTION_NOTES,

  run(parsed, context) {
    const { out } = context;
    const batchSize = parseBatch(parsed);
    return withConnection(parsed, context, async ({ client }) => {
      const { messages } = await client.queue(parsed.args.QUEUE as string).peek({ batchSize });
      for (const message of messages) await printMessage(out, message);
      out.note(
        messages.length === 0
          ? "cfq peek: no message is available"
          : `cfq peek: ${messages.length} shown; --json shows their refs, for cfq purge`,
      );
      return EXIT.ok;
    });
  },
};
