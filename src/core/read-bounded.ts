/**
 * Reads a byte stream whole, up to a limit and no further: the client's reading of an answer and
 * the in-process emulator's reading of a request body both must never hold more than their limit,
 * whatever the peer sends (or a `Content-Length` claims).
 */

/**
 * The stream's bytes, or `undefined` once it passes `limit` bytes: reading stops there and the
 * stream is cancelled, so a runaway body is never buffered whole.
 */
export async function readBounded(
  stream: ReadableStream<Uint8Array>,
  limit: number,
): Promise<Uint8Array | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      void reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
