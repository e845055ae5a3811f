/**
 * The pacing slot: every attempt passes through it before it is sent, retries included (each is a
 * request that counts against the account's budget), and every failed attempt is shown to it. The
 * client-wide rate limiter (`rate-limit.ts`) fills the slot; without one, nothing is paced.
 */
import type { Operation } from "../internal/openapi.js";
import type { CallSettings } from "./settings.js";

export interface Pacer {
  /**
   * `undefined` when `operation` may be sent now; otherwise a promise that resolves when it may. It
   * rejects with an `AbortError` if the call's signal aborts first, or a `TimeoutError` if the call's
   * `deadline` (ms since the epoch, or `Infinity`) comes first: a request is never sent unadmitted.
   */
  admit(operation: Operation, call: CallSettings, deadline: number): Promise<void> | undefined;
  /** Told of every failed attempt: a limiter pauses itself when the server says it is over budget. */
  observe(operation: Operation, error: unknown, call: CallSettings): void;
}

/** Sends everything at once. */
export const UNPACED: Pacer = { admit: () => undefined, observe: () => {} };
