// Real consumers of the published spec that are not written in TypeScript, against `cfq serve`:
// Perl's OpenAPI::Client on the 3.0.3 rendition, Python's jsonschema on the 3.1 bundle.
// They run when the tools are installed (`.ci/run` installs them) and are skipped, saying why, when not.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const here = import.meta.dirname;

const works = (command: string, args: string[]) => spawnSync(command, args, { stdio: "ignore" }).status === 0;
const perl = works("perl", ["-MOpenAPI::Client", "-e", "1"]);
const python = ["/usr/bin/python3", "python3"].find((p) =>
  works(p, ["-c", "from jsonschema import Draft202012Validator, RefResolver"]),
);

if (!perl)
  console.warn(
    "SKIPPED: the Perl consumer needs perl with OpenAPI::Client (apt-get install libopenapi-client-perl)",
  );
if (!python)
  console.warn(
    "SKIPPED: the Python consumer needs python3 with jsonschema (apt-get install python3-jsonschema)",
  );

let server: ChildProcess | undefined;
let url = "";
const TOKEN = "consumer-token";

beforeAll(async () => {
  if (!perl && !python) return;
  const dir = await mkdtemp(join(tmpdir(), "cfq-consumers-"));
  const config = join(dir, "cfq.config.json");
  await writeFile(
    config,
    JSON.stringify({
      strict: true,
      tokens: [TOKEN],
      queues: { perl: {}, py: {}, "py-nopull": { http_pull: false }, "py-paused": { paused: true } },
    }),
  );
  server = spawn(
    process.execPath,
    [join(root, "dist/src/cli/main.js"), "serve", "--port", "0", "--config", config],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  url = await new Promise<string>((resolve) =>
    createInterface({ input: server!.stdout! }).on("line", (line) => {
      const found = /(http:\/\/\S+\/client\/v4)$/.exec(line)?.[1];
      if (found) resolve(found);
    }),
  );
});
afterAll(() => server?.kill("SIGTERM"));

/** Runs a consumer script (TAP output) against the server and the spec file; returns how many checks passed. */
function runConsumer(command: string, script: string, spec: string): number {
  const run = spawnSync(command, [join(here, script), join(root, "dist/openapi", spec), url, TOKEN], {
    encoding: "utf8",
    timeout: 60_000,
  });
  const lines = run.stdout.split("\n");
  const output = run.stdout + run.stderr;
  expect(
    lines.filter((line) => line.startsWith("not ok")),
    output,
  ).toEqual([]);
  expect(run.status, output).toBe(0);
  return lines.filter((line) => line.startsWith("ok ")).length;
}

describe.skipIf(!perl)("Perl: OpenAPI::Client from the OpenAPI 3.0.3 rendition", () => {
  it("pushes, batch-pushes, pulls and acks; its own validation refuses invalid requests", () => {
    expect(runConsumer("perl", "consumer.pl", "openapi-3.0.json")).toBe(13);
  });
});

describe.skipIf(!python)("Python: jsonschema (Draft 2020-12) against the OpenAPI 3.1 bundle", () => {
  it("every request and answer of a scenario over the four operations and the error answers matches the spec", () => {
    expect(runConsumer(python!, "validate_scenario.py", "openapi.json")).toBeGreaterThan(40);
  });
});
