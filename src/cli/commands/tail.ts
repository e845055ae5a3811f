/**
 * `cfq tail`: consumes a queue continuously (cfq/consumer: pulls in flight, backoff when idle,
 * coalesced acks) and prints each message, acknowledging it once printed. Ctrl-C (or SIGTERM)
 * stops it cleanly: no more pulls, what was printed is acknowledged, the rest given back, and it
 * exits 0 holding no lease.
 */
import "../../consumer/index.js";
import { API_FLAGS, batchFlag, parseBatch, withConnection } from "../api.js";
import type { Command } from "../command.js";
import { CONNECTION_NOTES } from "../connection.js";
import { EXIT, explain } from "../failures.js";
import { printMessage } from "../render.js";
import { onInterrupt } from "../signals.js";
import type { ConsumedMessage, Consumer } from "../../consumer/index.js";

/**
 * Messages per pull unless --batch says otherwise. With one handler at a time the consumer keeps one
 * pull in flight, so the most per pull is the fastest (a pull answers at once with what there is).
 */
const DEFAULT_BATCH = 100;

export const tail: Command = {
  name: "tail",
  summary: "print messages as they arrive, acknowledging each (Ctrl-C stops)",
  usage: ["cfq tail QUEUE [--release] [--batch N]"],
  description: `Consumes QUEUE until stopped, printing each message as \`cfq pull\` does, and acknowledges
(deletes) each once printed. Ctrl-C stops it cleanly: what was printed is acknowledged, what was
pulled but not printed is given back, and nothing stays leased.
With --release, each message is given back (a retry with no delay) instead of acknowledged. Every
delivery still counts toward the queue's max_retries, so tail stops once a message it gave back
comes round again, rather than use up its attempts. \`cfq peek\` reads without any delivery.`,
  positionals: [{ name: "QUEUE" }],
  flags: {
    release: {
      type: "boolean",
      description: "give each message back once printed, instead of acknowledging it",
    },
    batch: batchFlag("messages per pull", String(DEFAULT_BATCH)),
    ...API_FLAGS,
  },
  notes: CONNECTION_NOTES,

  run(parsed, context) {
    const { out } = context;
    const batchSize = parseBatch(parsed) ?? DEFAULT_BATCH;
    const release = parsed.values.release === true;
    return withConnection(parsed, context, async (connection) => {
      const queueId = parsed.args.QUEUE as string;
      const given = release ? new Set<string>() : undefined;
      let printed = 0;
      let cameBack: string | undefined;
      const print = async (message: ConsumedMessage) => {
        if (given?.has(message.id)) {
          // Round again: every message waiting was shown once.
          cameBack = message.id;
          void message.retry({ delaySeconds: 0 });
          void consumer.stop();
          return;
        }
        printed++;
        const written = printMessage(out, message);
        if (given) {
          given.add(message.id);
          void message.retry({ delaySeconds: 0 });
        }
        await written; // a reader that falls behind slows the consumer down
      };
      const consumer: Consumer = connection.client.queue(queueId).consume(print, {
        // One at a time: the lines come out in the order the pulls brought the messages.
        concurrency: 1,
        batchSize,
        onError: (error) => out.fail(explain(error, connection)),
        // The emulator has none of Cloudflare's 405s right after a consumer is added.
        ...(connection.local && { fatalGraceMs: 0 }),
      });
      const signals = onInterrupt(() => void consumer.stop());
      out.note(
        `cfq tail: consuming ${queueId} at ${connection.baseUrl}, ${release ? "giving back" : "acknowledging"} each message once printed; Ctrl-C stops`,
      );
      try {
        const stats = await consumer.closed;
        out.note(
          `cfq tail: stopped${cameBack ? ` (message ${cameBack} came round again)` : ""}: printed ${printed}, ` +
            `${release ? `gave back ${stats.retried}` : `acknowledged ${stats.acked}`}`,
        );
        return EXIT.ok;
      } catch {
        return EXIT.failure; // a fatal error, already printed by onError
      } finally {
        signals.release();
      }
    });
  },
};
