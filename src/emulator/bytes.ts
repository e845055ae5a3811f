/** Byte-level helpers: UTF-8 length without allocating, and base64 of a UTF-8 string. */

/** The number of bytes `text` takes in UTF-8 (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (
      c >= 0xd800 &&
      c <= 0xdbff &&
      i + 1 < text.length &&
      (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
    ) {
      bytes += 2; // a surrogate pair: 2 code units, 4 bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}

const NodeBuffer = (
  globalThis as { Buffer?: { from(text: string, encoding: string): { toString(encoding: string): string } } }
).Buffer;
const encoder = new TextEncoder();

/** Base64 (RFC 4648) of the UTF-8 bytes of `text`, as Cloudflare returns `json` bodies. */
export function base64Utf8(text: string): string {
  if (NodeBuffer) return NodeBuffer.from(text, "utf8").toString("base64");
  const bytes = encoder.encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
