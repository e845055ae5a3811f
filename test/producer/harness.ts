/**
 * A client on the emulator (in-process or over HTTP) whose fetch notes every batch request (how many
 * messages, how many body bytes as the API counts them) and can hold requests until released, to see
 * what the producer holds while its batches are in flight.
 */
import { QueuesClient, type QueuesClientOptions } from "../../src/index.js";
import type { EmulatorConfig } from "../../src/emulator/index.js";
import { utf8Length } from "../../src/core/utf8.js";
import "../../src/producer/index.js";
import { startEmulator, type Harness, type TransportKind } from "../helpers/emulator.js";

export interface BatchRequest {
  queue: string;
  /** The messages' bodies, as sent. */
  bodies: unknown[];
  /** Body bytes, counted as the API counts them: UTF-8 of the text, or of the JSON. */
  bytes: number;
}

export interface ProducerHarness extends Harness {
  client: QueuesClient;
  batches: BatchRequest[];
  /** Requests of any kind now between the client and the emulator, and the most there ever were. */
  inFlight: { now: number; most: number };
  /** From now on, requests wait at the door until released. */
  hold(): void;
  /** Lets `count` held requests through; without a count, all of them, and stops holding. */
  release(count?: number): void;
  /** Requests waiting at the door. */
  held(): number;
}

export async function producerHarness(
  kind: TransportKind = "in-process",
  config: EmulatorConfig = {},
  options: Partial<QueuesClientOptions> = {},
): Promise<ProducerHarness> {
  const h = await startEmulator(kind, config);
  const batches: BatchRequest[] = [];
  const inFlight = { now: 0, most: 0 };
  let holding = false;
  const door: (() => void)[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url.endsWith("/messages/batch")) {
      const { messages } = JSON.parse(init!.body as string) as {
        messages: { body: unknown; content_type: string }[];
      };
      batches.push({
        queue: /queues\/([^/]+)\//.exec(url)![1]!,
        bodies: messages.map((m) => m.body),
        bytes: messages.reduce(
          (sum, m) =>
            sum + utf8Length(m.content_type === "text" ? (m.body as string) : JSON.stringify(m.body)),
          0,
        ),
      });
    }
    inFlight.most = Math.max(inFlight.most, ++inFlight.now);
    try {
      if (holding) await new Promise<void>((resolve) => door.push(resolve));
      return await h.fetch(input, init);
    } finally {
      inFlight.now--;
    }
  }) as typeof globalThis.fetch;
  const client = new QueuesClient({
    accountId: "acc",
    apiToken: "t",
    baseUrl: h.baseUrl,
    fetch,
    backoff: { baseMs: 1, capMs: 4 },
    ...options,
  } as QueuesClientOptions);
  return {
    ...h,
    client,
    batches,
    inFlight,
    hold: () => {
      holding = true;
    },
    release(count?: number) {
      if (count === undefined) holding = false;
      for (const open of door.splice(0, count ?? door.length)) open();
    },
    held: () => door.length,
  };
}

/** Resolves once `condition()` holds, checking every millisecond; fails after 10 s. */
export async function until(condition: () => boolean, what = "the condition"): Promise<void> {
  for (let waited = 0; !condition(); waited++) {
    if (waited > 10_000) throw new Error(`${what} never held`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Everything in the queue, in delivery order, as bodies (pulled and acked in batches of 100). */
export async function drain(h: ProducerHarness, queue: string): Promise<unknown[]> {
  const q = h.client.queue(queue);
  const bodies: unknown[] = [];
  for (;;) {
    const { messages } = await q.pull({ batchSize: 100, visibilityTimeoutMs: 60_000 });
    if (messages.length === 0) return bodies;
    bodies.push(...messages.map((m) => m.body));
    await q.ack({ acks: messages });
  }
}
