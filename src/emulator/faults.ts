/**
 * Fault injection: per operation, a seeded probability or the first N calls, of an error answer, a
 * delay, a dropped connection (before or after the operation was applied), a body that is not JSON,
 * or `success: false` on a 200. Seeded, so a failing run replays exactly.
 */
import type { FaultRule, FaultsConfig } from "./config.js";
import { failure, type EmulatorResponse } from "./envelope.js";
import { operations, type OperationName } from "./spec.js";

/** Thrown to make the transport drop the connection (HTTP) or reject like fetch does (in-process). */
export class EmulatorDrop extends Error {
  override name = "EmulatorDrop";
}

/** A small, fast, seedable PRNG (mulberry32). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the faults decided for one call. */
export interface FaultPlan {
  delayMs: number;
  /** Answer this instead of performing the operation. */
  instead?: EmulatorResponse;
  dropBefore?: boolean;
  /** Perform the operation, then drop the connection or answer with a body that is not JSON. */
  after?: "drop" | "not-json";
}

export type Faults = (operation: OperationName) => FaultPlan | undefined;

function answerFor(rule: FaultRule): Partial<FaultPlan> {
  switch (rule.fault) {
    case "429": {
      const retryAfter = String(rule.retryAfter ?? 1);
      return {
        instead: failure(
          429,
          { code: 971, message: "Please wait and consider throttling your request speed" },
          { "retry-after": retryAfter },
        ),
      };
    }
    case "500":
      return { instead: failure(500, { code: 15000, message: "Unknown internal error" }) };
    case "503":
      return {
        instead: failure(
          503,
          { code: 15000, message: "Service temporarily unavailable" },
          rule.retryAfter === undefined ? {} : { "retry-after": String(rule.retryAfter) },
        ),
      };
    case "success-false":
      return {
        instead: {
          status: 200,
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            success: false,
            errors: [{ code: 15000, message: "Unknown internal error" }],
            messages: [],
            result: null,
          }),
        },
      };
    case "drop-before":
      return { dropBefore: true };
    case "drop-after":
      return { after: "drop" };
    case "not-json":
      return { after: "not-json" };
    case "delay":
      return {};
  }
}

/** Compiles the config's rules; `undefined` when there are none, so the hot path pays nothing. */
export function createFaults(config: FaultsConfig | undefined): Faults | undefined {
  const rules = config?.rules ?? [];
  if (rules.length === 0) return undefined;
  const random = mulberry32(config?.seed ?? 1);
  const matched = rules.map(() => 0);
  return (operation) => {
    // Rules name operations by the short names of the operation table (`x-cfq-short-name`).
    const op = operations[operation].shortName;
    let plan: FaultPlan | undefined;
    rules.forEach((rule, i) => {
      if (rule.op !== "*" && rule.op !== op) return;
      const n = matched[i]!++;
      // Every matching call draws, so a rule's decisions do not depend on the other rules' outcomes.
      const draw = random();
      const fires = rule.first !== undefined ? n < rule.first : draw < (rule.rate ?? 1);
      if (!fires) return;
      plan ??= { delayMs: 0 };
      if (rule.fault === "delay") plan.delayMs += rule.ms ?? 0;
      else if (!plan.instead && !plan.dropBefore && !plan.after) Object.assign(plan, answerFor(rule));
    });
    return plan;
  };
}

/** A 200 whose body is an HTML page, as a misbehaving proxy answers. */
export const NOT_JSON: EmulatorResponse = {
  status: 200,
  headers: { "content-type": "text/html" },
  body: "<html><body><h1>200 OK</h1><p>upstream answered, this proxy lost the body</p></body></html>",
};
