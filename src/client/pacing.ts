/**
 * The pacing slot: every attempt passes through it before it is sent, retries included (each is a
 * request that counts against the account's budget). Nothing is paced yet; a client-wide rate
 * limiter fills the slot.
 */
import type { Operation } from "../internal/openapi.js";

export interface Pacer {
  /**
   * `undefined` when `operation` may send now; otherwise a promise that resolves when it may, or
   * rejects with the signal's reason if `signal` aborts first.
   */
  admit(operation: Operation, signal: AbortSignal | undefined): Promise<void> | undefined;
}

/** Sends everything at once. */
export const UNPACED: Pacer = { admit: () => undefined };
