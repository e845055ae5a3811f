/** `cfq push`: one message from the command line, or one per line of a file or stdin (push-lines.ts). */
import { integerFlag } from "../args.js";
import { API_FLAGS, withConnection } from "../api.js";
import type { Command } from "../command.js";
import { CONNECTION_NOTES } from "../connection.js";
import { CliFailure, EXIT, UsageError } from "../failures.js";
import type { Output } from "../output.js";
import { asCliError, printSummary, pushLines } from "../push-lines.js";
import { LIMITS } from "../../core/limits.js";
import type { JsonObject, MessageSendRequest, Queue } from "../../index.js";

export const push: Command = {
  name: "push",
  summary: "put a message on a queue (--file: one per line of a file, or of stdin)",
  usage: ["cfq push QUEUE BODY [--text] [--delay S]", "cfq push QUEUE --file FILE|- [--text] [--delay S]"],
  description: `Sends BODY, a JSON object (a json message), or with --text the string as it is (a text message).
With --file, sends one message per line of FILE (- reads stdin): NDJSON, each line a JSON object,
or with --text each line a text body. Blank lines are skipped. Each line that fails is reported
with its number and the reason, then a summary; the command exits 1 if any failed. When nothing
is accepted at all (a wrong token, say), it stops reading rather than send the rest in vain.`,
  positionals: [{ name: "QUEUE" }, { name: "BODY", optional: true }],
  flags: {
    file: { type: "string", value: "FILE", description: "one message per line of FILE; - reads stdin" },
    text: { type: "boolean", description: "text bodies: BODY (or each line) as it is, not JSON" },
    delay: {
      type: "string",
      value: "S",
      description: `seconds before the messages can be delivered, 0 to ${LIMITS.maxDelaySeconds}`,
    },
    ...API_FLAGS,
  },
  notes: CONNECTION_NOTES,

  run(parsed, context) {
    const body = parsed.args.BODY as string | undefined;
    const file = parsed.values.file as string | undefined;
    if (body === undefined && file === undefined) throw new UsageError("missing BODY (or --file FILE)", push);
    if (body !== undefined && file !== undefined) throw new UsageError("give BODY or --file, not both", push);
    const delaySeconds = integerFlag(parsed, "delay", 0, LIMITS.maxDelaySeconds);
    const text = parsed.values.text === true;
    return withConnection(parsed, context, async (connection) => {
      const queue = connection.client.queue(parsed.args.QUEUE as string);
      if (body !== undefined) return pushOne(context.out, queue, parseBody(body, text), delaySeconds);
      return pushLines(context.out, queue, connection, { file: file!, text, delaySeconds });
    });
  },
};

/** BODY as the message it is: JSON unless `--text`. */
function parseBody(body: string, text: boolean): MessageSendRequest {
  if (text) return { body, contentType: "text" };
  return { body: parseJson(body, "BODY") as JsonObject };
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliFailure(`${what} is not valid JSON: ${(error as Error).message} (--text sends it as text)`);
  }
}

async function pushOne(
  out: Output,
  queue: Queue,
  message: MessageSendRequest,
  delaySeconds: number | undefined,
): Promise<number> {
  const started = performance.now();
  try {
    if (message.contentType === "text") await queue.send(message.body, { contentType: "text", delaySeconds });
    else await queue.send(message.body, { delaySeconds });
  } catch (error) {
    throw asCliError(error as Error);
  }
  const seconds = (performance.now() - started) / 1000;
  if (out.json) await printSummary(out, { sent: 1, failed: 0, seconds });
  else out.note("cfq push: sent 1 message");
  return EXIT.ok;
}
