/** Pulled and peeked messages: the wire shape (snake_case, base64 bodies) as the facade's `Message`. Runs wherever fetch runs. */
import type { Schemas } from "../internal/openapi.js";
import type { Message, PeekedMessage } from "./types.js";

type WireMessage = Partial<Schemas["PulledMessage"]>;
type WirePeekedMessage = Partial<Schemas["PeekedMessage"]>;
/** What pulled and peeked messages share. */
type WireCommon = Partial<
  Pick<Schemas["PulledMessage"], "id" | "body" | "attempts" | "timestamp_ms" | "metadata">
>;

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
 * A message as the API shows it. Its body is decoded on first read, then kept: a consumer that only
 * routes or acks by id never pays for decoding, and a body that cannot be decoded sinks only itself.
 * A class (not an object literal with getters, which V8 builds eight times slower), like the
 * Workers `Message`: its own fields are plain data, `body` and `decodeError` are read through the
 * prototype.
 */
abstract class DecodedMessage {
  readonly id: string;
  readonly contentType: string;
  readonly rawBody: string;
  readonly attempts: number;
  readonly timestamp: Date;
  readonly metadata: Readonly<Record<string, string>>;
  #decoded: { body?: unknown; error?: Error } | undefined;

  constructor(wire: WireCommon) {
    const metadata = (wire.metadata ?? {}) as Record<string, string>;
    this.id = wire.id ?? "";
    this.contentType = metadata["CF-Content-Type"] ?? "json";
    this.rawBody = wire.body ?? "";
    this.attempts = wire.attempts ?? 0;
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
  toJSON(): Record<string, unknown> {
    const { id, body, contentType, rawBody, attempts, timestamp, metadata, decodeError } = this;
    return {
      id,
      body,
      contentType,
      rawBody,
      attempts,
      ...this.handle(),
      timestamp,
      metadata,
      ...(decodeError && { decodeError }),
    };
  }

  /** What names this message to the API: its lease, or its ref. */
  protected abstract handle(): Record<string, string>;

  [Symbol.for("nodejs.util.inspect.custom")]() {
    return this.toJSON();
  }
}

/** A pulled message: leased, so it has a lease id to ack, retry or extend it with. */
class PulledMessage extends DecodedMessage implements Message {
  readonly leaseId: string;

  constructor(wire: WireMessage) {
    super(wire);
    this.leaseId = wire.lease_id ?? "";
  }

  protected handle() {
    return { leaseId: this.leaseId };
  }
}

/** A peeked message: not leased, with a ref to purge it. */
class PeekedQueueMessage extends DecodedMessage implements PeekedMessage {
  readonly ref: string;

  constructor(wire: WirePeekedMessage) {
    super(wire);
    this.ref = wire.ref ?? "";
  }

  protected handle() {
    return { ref: this.ref };
  }
}

export const toMessage = (wire: WireMessage): Message => new PulledMessage(wire);
export const toPeekedMessage = (wire: WirePeekedMessage): PeekedMessage => new PeekedQueueMessage(wire);
