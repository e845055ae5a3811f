// The pipeline end to end on a copy of the spec with a made-up operation: generation yields a typed
// function and a row of the operation table for it, with no handwritten change; the emulator then
// asks for exactly one thing, its handler.
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error the generator is plain JavaScript
import { generate } from "../../scripts/generate.mjs";

const root = join(import.meta.dirname, "../..");
const run = promisify(execFile);

const COUNT = `
  /accounts/{account_id}/queues/{queue_id}/messages/count:
    parameters:
      - $ref: '#/components/parameters/AccountId'
      - $ref: '#/components/parameters/QueueId'
    post:
      operationId: queues-count-messages
      x-cfq-short-name: count
      x-cfq-retry: idempotent
      summary: Count messages (made up for this test)
      tags: [Queue messages]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [count]
              properties:
                count: { type: integer, minimum: 1, maximum: 100 }
      responses:
        '200':
          description: The messages.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/PullResponse'
        '400':
          $ref: '#/components/responses/BadRequest'
`;

/** Type-checks `file` under `dir` (strict, NodeNext): tsc's report, empty when it compiles. */
async function typecheck(dir: string, file: string, options: { lib: string[]; types: string[] }) {
  const compilerOptions = {
    strict: true,
    module: "NodeNext",
    moduleResolution: "NodeNext",
    target: "ES2022",
    noEmit: true,
    skipLibCheck: true,
    ...options,
  };
  await writeFile(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: [file] }));
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  return run(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")]).then(
    () => "",
    (error: { stdout: string }) => error.stdout,
  );
}

describe("a new operation in the spec", () => {
  let dir = "";
  afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  it("gets a typed function from `generate`, with no handwritten change", async () => {
    // inside the project, so that the generated code resolves openapi-fetch's types as the real one does
    await mkdir(join(root, "node_modules/.cache"), { recursive: true });
    dir = await mkdtemp(join(root, "node_modules/.cache/cfq-pipeline-"));
    const spec = (await readFile(join(root, "openapi/openapi.yaml"), "utf8")).replace(
      /\npaths:\n/,
      `\npaths:${COUNT}`,
    );
    await writeFile(join(dir, "openapi.yaml"), spec);
    const out = join(dir, "generated");
    await generate({ ref: join(dir, "openapi.yaml"), source: "openapi/openapi.yaml", outDir: out });

    const functions = await readFile(join(out, "openapi-fetch.ts"), "utf8");
    expect(functions).toMatch(/export function queuesCountMessages\(/);
    expect(functions).toContain('"/accounts/{account_id}/queues/{queue_id}/messages/count"');
    expect(await readFile(join(out, "request-schemas.ts"), "utf8")).toContain('"queues-count-messages"');
    // …and a row in the one operation table that the client and the emulator read
    const table = await readFile(join(out, "operations.ts"), "utf8");
    expect(table).toContain(`queuesCountMessages: {
    name: "queuesCountMessages",
    operationId: "queues-count-messages",
    shortName: "count",
    method: "POST",
    path: "/accounts/{account_id}/queues/{queue_id}/messages/count",
    hasBody: true,
    retry: "idempotent",
  }`);

    // …and it type-checks as a typed function: right arguments compile, wrong ones do not
    await writeFile(
      join(dir, "use.ts"),
      `import createClient from "openapi-fetch";
import { queuesCountMessages } from "./generated/openapi-fetch.js";
import type { paths } from "./generated/schema.js";
const client = createClient<paths>({ baseUrl: "http://x" });
const path = { account_id: "a", queue_id: "q" };
void queuesCountMessages(client, { params: { path }, body: { count: 10 } }).then(({ data }) => data?.result?.messages?.[0]?.lease_id);
// @ts-expect-error count is required
void queuesCountMessages(client, { params: { path }, body: {} });
// @ts-expect-error count is a number
void queuesCountMessages(client, { params: { path }, body: { count: "10" } });
`,
    );
    expect(await typecheck(dir, "use.ts", { lib: ["ES2023", "DOM"], types: [] })).toBe("");

    // …and the emulator, built against it, does not compile until the operation has a handler: its
    // dispatch table covers every row of the operation table (fault ops and config follow the table)
    await cp(join(root, "src"), join(dir, "src"), { recursive: true });
    const emulator = await typecheck(dir, "src/emulator/index.ts", {
      lib: ["ES2023", "DOM", "DOM.Iterable"],
      types: ["node"],
    });
    expect(emulator).toMatch(/src\/emulator\/operations\.ts\(\d+,\d+\): error TS2741: .*queuesCountMessages/);
    expect(emulator.trim().split("\n")).toHaveLength(1);
  }, 60_000);
});

describe("an operation without cfq's extensions", () => {
  it("is refused by the generator, naming the operation and the extension", async () => {
    const spec = (await readFile(join(root, "openapi/openapi.yaml"), "utf8")).replace(
      "      x-cfq-retry: idempotent\n",
      "",
    );
    const dir = await mkdtemp(join(root, "node_modules/.cache/cfq-pipeline-"));
    try {
      await writeFile(join(dir, "openapi.yaml"), spec);
      await expect(
        generate({ ref: join(dir, "openapi.yaml"), outDir: join(dir, "generated") }),
      ).rejects.toThrow(
        /POST \/accounts\/\{account_id\}\/queues\/\{queue_id\}\/messages\/pull \(queues-pull-messages\): x-cfq-retry must be one of idempotent, push; got undefined/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
