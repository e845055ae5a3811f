// Turns the bundled spec into the TypeScript sources of generated/.
import openapiTS, { astToString } from "openapi-typescript";
import { dereference, listOperations } from "./spec.mjs";

const banner = (source) =>
  `/**\n * Generated from ${source} by scripts/generate.mjs. Do not edit: change the spec and run \`npm run generate\`.\n */\n`;

/** `generated/schema.ts`: the spec's types, by openapi-typescript. */
export async function emitSchema(doc, source) {
  const ast = await openapiTS(doc, { silent: true, defaultNonNullable: false });
  return banner(source) + astToString(ast);
}

/** The retry classes an operation may declare with `x-cfq-retry`. */
const RETRY_CLASSES = ["idempotent", "push"];

/**
 * The one operation table: for each operation of the spec, its camelCase name, operationId, short
 * name (`x-cfq-short-name`), method, path, whether it has a request body and its retry class
 * (`x-cfq-retry`). The client and the emulator both read it; nothing in `src/` keeps its own list.
 */
export function operationTable(doc) {
  const table = {};
  const shortNames = new Set();
  for (const { path, method, operation, name } of listOperations(doc)) {
    const where = `${method.toUpperCase()} ${path} (${operation.operationId})`;
    const shortName = operation["x-cfq-short-name"];
    const retry = operation["x-cfq-retry"];
    if (typeof shortName !== "string" || !/^[a-z]+$/.test(shortName))
      throw new Error(
        `${where}: x-cfq-short-name must be a lowercase word; got ${JSON.stringify(shortName)}`,
      );
    if (shortNames.has(shortName)) throw new Error(`${where}: x-cfq-short-name "${shortName}" is taken`);
    shortNames.add(shortName);
    if (!RETRY_CLASSES.includes(retry))
      throw new Error(
        `${where}: x-cfq-retry must be one of ${RETRY_CLASSES.join(", ")}; got ${JSON.stringify(retry)}`,
      );
    table[name] = {
      name,
      operationId: operation.operationId,
      shortName,
      method: method.toUpperCase(),
      path,
      hasBody: Boolean(operation.requestBody),
      retry,
    };
  }
  return table;
}

/** `generated/operations.ts`: the operation table, as plain data (no imports). */
export function emitOperations(doc, source) {
  const table = operationTable(doc);
  return [
    banner(source),
    `/**`,
    ` * Every operation of the spec, by camelCase name: operationId, short name (\`x-cfq-short-name\`),`,
    ` * HTTP method, path template, whether it has a request body, and retry class (\`x-cfq-retry\`:`,
    ` * \`idempotent\` operations may always be retried; a retried \`push\` may enqueue a duplicate).`,
    ` */`,
    `export const operations = ${JSON.stringify(table)} as const;`,
    ``,
    `/** An operation's camelCase name, e.g. \`queuesPullMessages\`. */`,
    `export type OperationName = keyof typeof operations;`,
    ``,
    `/** One row of the table. */`,
    `export type Operation = (typeof operations)[OperationName];`,
    ``,
    `/** An operation's short name, e.g. \`pull\`. */`,
    `export type ShortName = Operation["shortName"];`,
    ``,
    `/** Every short name, in the table's order: what fault rules, the rate limit and the CLI name operations by. */`,
    `export const shortNames: readonly ShortName[] = ${JSON.stringify(Object.values(table).map((row) => row.shortName))};`,
    ``,
  ].join("\n");
}

/**
 * `generated/openapi-fetch.ts`: one typed function per operationId, built on openapi-fetch's
 * `Client`, for code that uses openapi-fetch itself.
 */
export function emitOpenapiFetch(doc, source) {
  const lines = [
    banner(source),
    `import type { Client, MaybeOptionalInit } from "openapi-fetch";`,
    `import type { paths } from "./schema.js";`,
    ``,
    `/** An openapi-fetch client for the spec's paths. */`,
    `export type ApiClient = Client<paths>;`,
    ``,
  ];
  for (const { path, method, operation, name } of listOperations(doc)) {
    const M = method.toUpperCase();
    lines.push(
      `/**`,
      ` * ${operation.summary ?? operation.operationId}`,
      ` *`,
      ` * \`${M} ${path}\` (\`${operation.operationId}\`)`,
      ` */`,
      `export function ${name}(client: ApiClient, init: MaybeOptionalInit<paths[${JSON.stringify(path)}], ${JSON.stringify(method)}>) {`,
      `  return client.${M}(${JSON.stringify(path)}, init);`,
      `}`,
      ``,
    );
  }
  return lines.join("\n");
}

/**
 * `generated/request-schemas.ts`: each operation's route, path parameter schemas and request body schema with every `$ref` inlined,
 * for the emulator to validate requests against the spec itself. Plain data, no imports.
 */
export function emitRequestSchemas(doc, source) {
  const table = {};
  for (const { path, method, operation } of listOperations(doc)) {
    const body = operation.requestBody && dereference(operation.requestBody, doc);
    const schema = body?.content?.["application/json"]?.schema;
    const parameters = dereference(
      [...(doc.paths[path].parameters ?? []), ...(operation.parameters ?? [])],
      doc,
    );
    table[operation.operationId] = {
      method: method.toUpperCase(),
      path,
      pathParams: Object.fromEntries(
        parameters.filter((p) => p.in === "path").map((p) => [p.name, stripDocs(p.schema)]),
      ),
      bodyRequired: Boolean(body?.required),
      schema: schema ? stripDocs(schema) : null,
    };
  }
  return [
    banner(source),
    `/** A JSON Schema (2020-12 subset) as the spec writes it. */`,
    `export type JsonSchema = { readonly [keyword: string]: unknown };`,
    ``,
    `/** Each operation's route and request body schema, by operationId. */`,
    `export const requestSchemas: {`,
    `  readonly [operationId: string]: {`,
    `    readonly method: string;`,
    `    readonly path: string;`,
    `    readonly pathParams: { readonly [name: string]: JsonSchema };`,
    `    readonly bodyRequired: boolean;`,
    `    readonly schema: JsonSchema | null;`,
    `  };`,
    `} = ${JSON.stringify(table)};`,
  ].join("\n");
}

// Descriptions and examples are documentation; the validator needs none of them.
function stripDocs(node) {
  if (Array.isArray(node)) return node.map(stripDocs);
  if (!node || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "description" || key === "examples" || key === "example" || key === "summary") continue;
    out[key] = key === "properties" ? mapValues(value, stripDocs) : stripDocs(value);
  }
  return out;
}

const mapValues = (obj, fn) => Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v)]));
