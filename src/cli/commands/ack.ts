/** `cfq ack`: acknowledges leased messages by lease id, and retries others (`--retry`). */
import { integerFlag } from "../args.js";
import { API_FLAGS, withConnection } from "../api.js";
import type { Command } from "../command.js";
import { CONNECTION_NOTES } from "../connection.js";
import { UsageError } from "../failures.js";
import { reportOutcomes } from "../outcomes.js";
import { LIMITS } from "../../core/limits.js";

export const ack: Command = {
  name: "ack",
  summary: "acknowledge leased messages by lease id (--retry: deliver them again)",
  usage: ["cfq ack QUEUE LEASE_ID... [--retry LEASE_ID]... [--delay S]"],
  description: `Acknowledges (deletes) the messages of the lease ids, and delivers again those given with
--retry (repeatable), after --delay seconds. \`cfq pull --json\` prints the lease ids:
  cfq pull QUEUE --json | jq -r .leaseId | xargs cfq ack QUEUE
A lease id that cannot be settled (unknown, or its message gone) is reported, and the command exits 1.`,
  positionals: [{ name: "QUEUE" }, { name: "LEASE_ID", variadic: true, optional: true }],
  flags: {
    retry: {
      type: "string",
      multiple: true,
      value: "LEASE_ID",
      description: "deliver this lease's message again instead (repeatable)",
    },
    delay: {
      type: "string",
      value: "S",
      description: `seconds before the retried messages are delivered, 0 to ${LIMITS.maxDelaySeconds}\n(default: the queue's retry delay)`,
    },
    ...API_FLAGS,
  },
  notes: CONNECTION_NOTES,

  run(parsed, context) {
    const acks = parsed.args.LEASE_ID as string[];
    const retried = (parsed.values.retry as string[] | undefined) ?? [];
    if (acks.length === 0 && retried.length === 0) throw new UsageError("missing LEASE_ID", ack);
    const delaySeconds = integerFlag(parsed, "delay", 0, LIMITS.maxDelaySeconds);
    if (delaySeconds !== undefined && retried.length === 0) {
      throw new UsageError("--delay applies to the --retry lease ids, and none is given", ack);
    }
    return withConnection(parsed, context, async ({ client }) => {
      const retries = retried.map((leaseId) => ({ leaseId, delaySeconds }));
      const result = await client.queue(parsed.args.QUEUE as string).ack({ acks, retries });
      const outcomes = [
        ...acks.map((id) => ({ id, fields: { leaseId: id, action: "ack" } })),
        ...retried.map((id) => ({ id, fields: { leaseId: id, action: "retry" } })),
      ];
      return reportOutcomes(context.out, outcomes, result.warnings, {
        summary: `acknowledged ${result.ackCount}, retried ${result.retryCount}`,
        noun: "lease id",
        failed: "could not be settled",
      });
    });
  },
};
