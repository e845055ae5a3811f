/** The consumer's counters: incremented where things happen, read whole by `stats()`. */
import type { ConsumerStats } from "./options.js";

export type Counters = Omit<ConsumerStats, "state" | "inFlight" | "buffered">;

export const newCounters = (): Counters => ({
  pulled: 0,
  acked: 0,
  retried: 0,
  released: 0,
  expired: 0,
  handlerErrors: 0,
  invalid: 0,
  pulls: 0,
  emptyPulls: 0,
  ackCalls: 0,
});
