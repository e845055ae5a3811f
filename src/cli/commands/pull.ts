/** `cfq pull`: leases messages and prints them; `--ack` acknowledges them once printed. */
import { integerFlag } from "../args.js";
import { API_FLAGS, batchFlag, parseBatch, withConnection } from "../api.js";
import type { Command } from "../command.js";
import { CONNECTION_NOTES } from "../connection.js";
import { EXIT } from "../failures.js";
import { reportOutcomes } from "../outcomes.js";
import { printMessage } from "../render.js";
import { LIMITS } from "../../core/limits.js";

export const pull: Command = {
  name: "pull",
  summary: "lease messages and print them (--ack: acknowledge them once printed)",
  usage: ["cfq pull QUEUE [--batch N] [--visibility MS] [--ack]"],
  description: `Leases up to N messages of QUEUE and prints them, one line each: id, attempts, content type
and body (--json: one object each, with the leaseId that \`cfq ack\` takes). Until the lease ends,
no other pull sees them; unless acknowledged, they are delivered again after it.`,
  positionals: [{ name: "QUEUE" }],
  flags: {
    batch: batchFlag("messages to lease", "the queue's batch_size, 5 unless set"),
    visibility: {
      type: "string",
      value: "MS",
      description: `how long the lease lasts, in ms, 1 to ${LIMITS.maxVisibilityTimeoutMs}\n(default: the queue's visibility_timeout_ms, 30000 unless set)`,
    },
    ack: { type: "boolean", description: "acknowledge (delete) the messages once printed" },
    ...API_FLAGS,
  },
  notes: CONNECTION_NOTES,

  run(parsed, context) {
    const { out } = context;
    const batchSize = parseBatch(parsed);
    const visibilityTimeoutMs = integerFlag(parsed, "visibility", 1, LIMITS.maxVisibilityTimeoutMs);
    return withConnection(parsed, context, async ({ client }) => {
      const queue = client.queue(parsed.args.QUEUE as string);
      const { messages } = await queue.pull({ batchSize, visibilityTimeoutMs });
      for (const message of messages) await printMessage(out, message);
      if (messages.length === 0) {
        out.note("cfq pull: no message is available");
        return EXIT.ok;
      }
      if (parsed.values.ack) {
        const { ackCount, warnings } = await queue.ack({ acks: messages });
        const outcomes = messages.map(({ leaseId }) => ({ id: leaseId, fields: {} }));
        return reportOutcomes(out, outcomes, warnings, {
          summary: `acknowledged ${ackCount} of ${messages.length}`,
          noun: "lease id",
          failed: "could not be acknowledged",
          records: false, // stdout holds the messages
        });
      }
      const lease = visibilityTimeoutMs ? ` for ${visibilityTimeoutMs / 1000} s` : "";
      out.note(`cfq pull: leased ${messages.length}${lease}; --json shows their lease ids, for cfq ack`);
      return EXIT.ok;
    });
  },
};
