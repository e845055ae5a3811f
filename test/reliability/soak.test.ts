// A bounded soak (a few seconds; longer with `npm run soak -- --seconds N`).
import { describe, expect, it } from "vitest";
// @ts-expect-error the soak is plain JavaScript, shared with `npm run soak`
import { soak, summary } from "../../scripts/lib/soak.mjs";

describe("soak over HTTP with faults on every operation", () => {
  it("every message is processed at least once, none is missing, and the queue ends empty", async () => {
    const result = await soak({ seconds: 3 });
    console.log(summary(result));
    expect(result.sent).toBeGreaterThan(500);
    expect(result.missing).toBe(0);
    expect(result.unexpected).toBe(0);
    expect(result.processed).toBe(result.sent);
    expect(result.backlog).toBe(0);
    expect(result.duplicates).toBeGreaterThanOrEqual(0);
  }, 120_000);
});
