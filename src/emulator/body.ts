/** Reads request bodies as text within the 1 MB limit, without ever holding more than that. */
import { utf8Length } from "../core/utf8.js";
import { LIMITS } from "../core/limits.js";

export type BodyText = { text: string | undefined; error?: "too-large" | "invalid-utf8" };

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

export function decodeBytes(bytes: Uint8Array): BodyText {
  if (bytes.byteLength > LIMITS.requestBytes) return { text: undefined, error: "too-large" };
  try {
    return { text: strictUtf8.decode(bytes) };
  } catch {
    return { text: undefined, error: "invalid-utf8" };
  }
}

export function checkText(text: string): BodyText {
  // Only long strings can pass the limit: a code unit is at most 3 UTF-8 bytes.
  if (text.length * 3 > LIMITS.requestBytes && utf8Length(text) > LIMITS.requestBytes)
    return { text: undefined, error: "too-large" };
  return { text };
}

/** Reads a stream, stopping (and cancelling it) as soon as it passes the limit. */
export async function readStream(stream: ReadableStream<Uint8Array>): Promise<BodyText> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > LIMITS.requestBytes) {
      await reader.cancel().catch(() => {});
      return { text: undefined, error: "too-large" };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return decodeBytes(bytes);
}
