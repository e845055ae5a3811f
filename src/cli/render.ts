/**
 * Messages as the CLI shows them. For a person: one line per message, its body decoded, shown
 * compactly, with control characters escaped (a body must never move the cursor or recolour the
 * terminal) and cut with an ellipsis to fit the width. With `--json`: one object per message with
 * the whole decoded body, never cut.
 */
import type { Message, PeekedMessage } from "../index.js";
import type { Output } from "./output.js";

type Shown = Message | PeekedMessage;

/** Prints a message on stdout: a line for a person, an object with `--json`. */
export function printMessage(out: Output, message: Shown): Promise<void> {
  return out.json ? out.record(messageRecord(message)) : out.data(messageLine(message, out.width));
}

/** What `--json` prints for a message: `leaseId` for a pulled one, `ref` for a peeked one. */
export function messageRecord(message: Shown): Record<string, unknown> {
  const { id, attempts, contentType, decodeError } = message;
  const handle = "ref" in message ? { ref: message.ref } : { leaseId: message.leaseId };
  return {
    id,
    // bytes and v8 bodies stay base64, as on the wire: contentType says so.
    body: decodeError ? null : message.body instanceof Uint8Array ? message.rawBody : message.body,
    attempts,
    ...handle,
    timestamp: message.timestamp.toISOString(),
    contentType,
    ...(decodeError && { decodeError: decodeError.message }),
  };
}

/** One line: id, attempts, content type, then as much of the body as fits in `width` columns. */
export function messageLine(message: Shown, width: number): string {
  const head = `${message.id}  attempts=${message.attempts}  ${message.contentType}  `;
  return head + fit(bodyText(message), Math.max(MIN_BODY_COLUMNS, width - [...head].length));
}

/** A body is never cut to less than this, however narrow the terminal. */
const MIN_BODY_COLUMNS = 16;

function bodyText(message: Shown): string {
  if (message.decodeError) return `(cannot decode: ${message.decodeError.message})`;
  const { body } = message;
  if (body instanceof Uint8Array) return `(${body.length} bytes)`;
  return escapeControls(typeof body === "string" ? body : JSON.stringify(body));
}

/** C0 and C1 control characters and DEL, as escapes: `\n`, `\t`, `\u001b`, … */
export function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    const named = NAMED[c];
    return named ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** `text` cut to `columns` code points, the last one an ellipsis when anything was cut. */
export function fit(text: string, columns: number): string {
  const chars = [...text];
  return chars.length <= columns ? text : `${chars.slice(0, columns - 1).join("")}…`;
}
