// The consumer, the producer and the Workers adapters are separate entries: a bundle that imports
// only QueuesClient takes no module of theirs (so not a byte), and `import "cfq/producer"` (a plain
// import, kept by bundlers through `sideEffects`) brings the producer in.
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript, shared with `npm run bench` and the bundle budget
import { appPath, bundle, bundleFile } from "../../bench/bundle-size.mjs";

/** The package's modules (the built ones, as an app resolves them) in the bundle of one app of bench/apps. */
async function packageModulesOf(app: string): Promise<string[]> {
  const { inputs } = (await bundleFile(appPath(app))) as { inputs: string[] };
  return inputs.filter((input) => input.startsWith("dist/"));
}

/** Text that only the producer's code holds. */
const PRODUCER_CODE = ["the producer is closed", "maxOutstandingBytes", ".prototype.producer="];

const text = async (app: string) => new TextDecoder().decode((await bundle(app)) as Uint8Array);

describe("separate entries (bundles of the built package, as an app resolves it)", () => {
  it("an app that imports only QueuesClient takes no module of the consumer, producer, Workers or emulator", async () => {
    const modules = await packageModulesOf("cfq");
    expect(modules).toContain("dist/src/client/client.js");
    const foreign = modules.filter((m) => /^dist\/src\/(consumer|producer|workers|emulator|cli)\//.test(m));
    expect(foreign).toEqual([]);
    const code = await text("cfq");
    for (const marker of PRODUCER_CODE) expect(code).not.toContain(marker);
  });

  it('an app that adds `import "cfq/producer"` has it, though it imports no binding from it', async () => {
    expect(await packageModulesOf("producer")).toContain("dist/src/producer/producer.js");
    const code = await text("producer");
    for (const marker of PRODUCER_CODE) expect(code).toContain(marker);
  });
});
