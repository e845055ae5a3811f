/** A pulled message: the wire shape (snake_case, base64 bodies) as the facade's `Message`. Runs wherever fetch runs. */
import type { Schemas } from "../internal/openapi.js";
import type { Message } from "./types.js";

type WireMessage = Partial<Schemas["PulledMessage"]>;

const utf8 = new TextDecoder("utf-8", { fatal: true });
const nonAscii = /[\x80-\xff]/;
// Node's atob is slow; its Buffer (also in Bun and Deno) decodes base64 natively. Looked up, not
// imported, so the client still runs where Buffer does not exist.
const NodeBuffer = (
  globalThis as {
    Buffer?: { from(text: string, encoding: "base64"): Uint8Array & { toString(encoding: "utf8"): string } };
  }
).Buffer;

function base64ToBytes(text: string): Uint8Array {
  if (NodeBuffer) return new Uint8Array(NodeBuffer.from(text, "base64"));
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function base64ToUtf8(text: string): string {
  if (NodeBuffer) return NodeBuffer.from(text, "base64").toString("utf8");
  const binary = atob(text);
  // ASCII is already valid UTF-8: skip the byte copy and the decoder for the common case.
  return nonAscii.test(binary) ? utf8.decode(base64ToBytes(text)) : binary;
}

function decodeBody(contentType: string, raw: string): unknown {
  if (contentType === "text") return raw;
  if (contentType === "json") return JSON.parse(base64ToUtf8(raw));
  return contentType === "bytes" || contentType === "v8" ? base64ToBytes(raw) : raw;
}

/**
 * A pulled message. Its body is decoded on first read, then kept: a consumer that only routes or
 * acks by id never pays for decoding, and a body that cannot be decoded sinks only itself. A class
 * (not an object literal with getters, which V8 builds eight times slower), like the Workers
 * `Message`: its own fields are plain data, `body` and `decodeError` are read through the prototype.
 */
class PulledMessage implements Message {
  readonly id: string;
  readonly contentType: string;
  readonly rawBody: string;
  readonly attempts: number;
  readonly leaseId: string;
  readonly timestamp: Date;
  readonly metadata: Readonly<Record<string, string>>;
  #decoded: { body?: unknown; error?: Error } | undefined;

  constructor(wire: WireMessage) {
    const metadata = (wire.metadata ?? {}) as Record<string, string>;
    this.id = wire.id ?? "";
    this.contentType = metadata["CF-Content-Type"] ?? "json";
    this.rawBody = wire.body ?? "";
    this.attempts = wire.attempts ?? 0;
    this.leaseId = wire.lease_id ?? "";
    this.timestamp = new Date(wire.timestamp_ms ?? 0);
    this.metadata = metadata;
  }

  #decode() {
    if (!this.#decoded) {
      try {
        this.#decoded = { body: decodeBody(this.contentType, this.rawBody) };
      } catch (error) {
        this.#decoded = {
          error: new Error(`cannot decode a ${this.contentType} body: ${(error as Error).message}`),
        };
      }
    }
    return this.#decoded;
  }

  get body(): unknown {
    return this.#decode().body;
  }

  get decodeError(): Error | undefined {
    return this.#decode().error;
  }

  /** A plain copy, body included: what `JSON.stringify`, logs and `console.log` show. */
  toJSON() {
    const { id, body, contentType, rawBody, attempts, leaseId, timestamp, metadata, decodeError } = this;
    return {
      id,
      body,
      contentType,
      rawBody,
      attempts,
      leaseId,
      timestamp,
      metadata,
      ...(decodeError && { decodeError }),
    };
  }

  [Symbol.for("nodejs.util.inspect.custom")]() {
    return this.toJSON();
  }
}

export const toMessage = (wire: WireMessage): Message => new PulledMessage(wire);
