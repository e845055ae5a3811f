/** Base64 encodings: of a UTF-8 string, as Cloudflare returns `json` bodies; and base64url of random bytes, for refs. */

const NodeBuffer = (
  globalThis as { Buffer?: { from(text: string, encoding: string): { toString(encoding: string): string } } }
).Buffer;
const encoder = new TextEncoder();

/** Base64 (RFC 4648) of the UTF-8 bytes of `text`. Uses Node's Buffer when there is one (much faster). */
export function base64Utf8(text: string): string {
  if (NodeBuffer) return NodeBuffer.from(text, "utf8").toString("base64");
  const bytes = encoder.encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Base64url (RFC 4648 §5, no padding) of `bytes`, for tokens that travel in JSON and URLs alike. */
export function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}
