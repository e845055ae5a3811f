// The two published renditions (OpenAPI 3.1 and its 3.0.3 down-conversion) lint clean and describe
// the same operations, parameters, request bodies and responses.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const read = async (name: string) => JSON.parse(await readFile(join(root, "dist/openapi", name), "utf8"));

/**
 * Rewrites both dialects into one, so that equal descriptions compare equal: `const` → `enum`,
 * `type: [X, "null"]` and `type: "null"` → `nullable`, schema `examples` → `example`, and 3.1-only
 * document fields dropped.
 */
function normalise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalise);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === "const") out.enum = [value];
    else if (key === "type" && Array.isArray(value)) {
      const types = value.filter((t) => t !== "null");
      out.type = types.length === 1 ? types[0] : types;
      if (types.length < value.length) out.nullable = true;
    } else if (key === "type" && value === "null") Object.assign(out, { nullable: true, enum: [null] });
    else if (key === "examples" && Array.isArray(value)) out.example = value[0];
    else out[key] = normalise(value);
  }
  if (out.nullable && Array.isArray(out.enum) && out.enum.length === 1 && out.enum[0] === null)
    delete out.type;
  return out;
}

function describeApi(doc: Record<string, any>) {
  const operations: Record<string, unknown> = {};
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<Record<string, any>>(item)) {
      if (method === "parameters") continue;
      operations[op.operationId] = normalise({
        method,
        path,
        parameters: [...(item.parameters ?? []), ...(op.parameters ?? [])],
        requestBody: op.requestBody,
        responses: op.responses,
        security: op.security,
      });
    }
  }
  return { operations, components: normalise(doc.components), security: doc.security, servers: doc.servers };
}

describe("the published renditions", () => {
  it("are OpenAPI 3.1 and 3.0.3, in JSON and YAML", async () => {
    expect((await read("openapi.json")).openapi).toBe("3.1.0");
    expect((await read("openapi-3.0.json")).openapi).toBe("3.0.3");
    const yaml = await readFile(join(root, "dist/openapi/openapi-3.0.yaml"), "utf8");
    expect(yaml).toMatch(/^openapi: 3\.0\.3$/m);
  });

  it("lint clean with the project's Redocly rules, all four files", async () => {
    for (const file of ["openapi.json", "openapi.yaml", "openapi-3.0.json", "openapi-3.0.yaml"]) {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          join(root, "node_modules/@redocly/cli/bin/cli.js"),
          "lint",
          join("dist/openapi", file),
          "--format=json",
        ],
        {
          cwd: root,
          env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
        },
      );
      const report = JSON.parse(stdout);
      expect({ file, problems: report.problems, totals: report.totals }).toEqual({
        file,
        problems: [],
        totals: { errors: 0, warnings: 0, ignored: 0 },
      });
    }
  });

  it("describe the same operations, parameters, request bodies and responses", async () => {
    const v31 = describeApi(await read("openapi.json"));
    const v30 = describeApi(await read("openapi-3.0.json"));
    expect(Object.keys(v30.operations).sort()).toEqual([
      "queues-ack-messages",
      "queues-extend-messages",
      "queues-peek-messages",
      "queues-pull-messages",
      "queues-purge-messages",
      "queues-push-message",
      "queues-push-messages",
    ]);
    expect(v30.operations).toEqual(v31.operations);
    expect(v30.components).toEqual(v31.components);
    expect(v30.security).toEqual(v31.security);
    expect(v30.servers).toEqual(v31.servers);
  });

  it("keep 3.0 free of 3.1-only keywords", async () => {
    const text = JSON.stringify(await read("openapi-3.0.json"));
    expect(text).not.toMatch(/"const":|"type":\["|"type":"null"|"\$schema"|"webhooks"/);
  });
});
