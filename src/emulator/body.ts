/** Reads request bodies as text within the 1 MB limit, without ever holding more than that. */
import { readBounded } from "../core/read-bounded.js";
import { utf8Length } from "../core/utf8.js";

/**
 * Bytes of a whole request body the emulator reads before answering 413 (Cloudflare's documented
 * 1 MB request limit). Only the emulator needs it: the client's own limits keep its bodies far below.
 */
export const MAX_REQUEST_BYTES = 1_000_000;

export type BodyText = { text: string | undefined; error?: "too-large" | "invalid-utf8" };

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

export function decodeBytes(bytes: Uint8Array): BodyText {
  if (bytes.byteLength > MAX_REQUEST_BYTES) return { text: undefined, error: "too-large" };
  try {
    return { text: strictUtf8.decode(bytes) };
  } catch {
    return { text: undefined, error: "invalid-utf8" };
  }
}

export function checkText(text: string): BodyText {
  // Only long strings can pass the limit: a code unit is at most 3 UTF-8 bytes.
  if (text.length * 3 > MAX_REQUEST_BYTES && utf8Length(text) > MAX_REQUEST_BYTES)
    return { text: undefined, error: "too-large" };
  return { text };
}

/** Reads a stream, stopping (and cancelling it) as soon as it passes the limit. */
export async function readStream(stream: ReadableStream<Uint8Array>): Promise<BodyText> {
  const bytes = await readBounded(stream, MAX_REQUEST_BYTES);
  return bytes ? decodeBytes(bytes) : { text: undefined, error: "too-large" };
}
