/** An emulator, a queue on it, and ways to wait for the consumer: what the consumer's tests share. */
import { vi } from "vitest";
import "../../src/consumer/index.js";
import { createEmulator, type EmulatorConfig } from "../../src/emulator/index.js";
import { QueuesClient, type QueuesClientOptions } from "../../src/index.js";

export type Emulator = ReturnType<typeof createEmulator>;

export function setup(config: EmulatorConfig = {}, client: Partial<QueuesClientOptions> = {}) {
  // The emulator reads the same clock as the consumer, so that fake timers move both.
  const emulator = createEmulator(config, { now: () => Date.now() });
  const queues = new QueuesClient({
    accountId: "acc",
    apiToken: "t",
    fetch: emulator.fetch,
    ...client,
  } as QueuesClientOptions);
  const q = queues.queue("q");
  return {
    emulator,
    queues,
    q,
    /** Pushes `n` json messages `{ n: start … }`, in batches of 100. */
    async push(n: number, start = 0) {
      for (let i = 0; i < n; i += 100) {
        const count = Math.min(100, n - i);
        await q.sendBatch(Array.from({ length: count }, (_, j) => ({ body: { n: start + i + j } })));
      }
    },
    /** Unacknowledged messages, leased ones included. */
    backlog: () => emulator.metrics("q")?.backlog_count ?? 0,
  };
}

/** Waits (real time) until `condition` holds, or fails after `ms`. */
export async function until(condition: () => boolean, ms = 10_000, what = "the condition"): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Moves fake time forward in steps, letting promises run between them, until `condition` holds. */
export async function advanceUntil(condition: () => boolean, maxMs = 600_000, stepMs = 10): Promise<number> {
  let elapsed = 0;
  while (!condition()) {
    if (elapsed >= maxMs) throw new Error(`condition not met after ${maxMs} ms of fake time`);
    await vi.advanceTimersByTimeAsync(stepMs);
    elapsed += stepMs;
  }
  return elapsed;
}

export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ([resolve, reject] = [res, rej]));
  return { promise, resolve, reject };
}
