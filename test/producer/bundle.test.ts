// The producer is a separate entry: a bundle that imports only QueuesClient carries none of it,
// and `import "cfq/producer"` (a plain import, kept by bundlers through `sideEffects`) brings it.
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript, shared with `npm run bench` and the bundle budget
import { bundle } from "../../bench/bundle-size.mjs";

/** Text that only the producer's code holds. */
const PRODUCER_CODE = ["the producer is closed", "maxOutstandingBytes", ".prototype.producer="];

const text = async (app: string) => new TextDecoder().decode((await bundle(app)) as Uint8Array);

describe("bundles (of the built package, as an app resolves it)", () => {
  it("an app that imports only QueuesClient has no producer code in its bundle", async () => {
    const code = await text("cfq");
    expect(code).toContain("QueuesClient");
    for (const marker of PRODUCER_CODE) expect(code).not.toContain(marker);
  });

  it('an app that adds `import "cfq/producer"` has it, though it imports no binding from it', async () => {
    const code = await text("producer");
    for (const marker of PRODUCER_CODE) expect(code).toContain(marker);
  });
});
