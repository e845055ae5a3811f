/**
 * The emulator's one door to the generated layer (as `src/internal/openapi.ts` is the client's):
 * the operation table, the request schemas the bodies are checked against, and the spec's types of
 * request bodies and wire shapes. Nothing else in the emulator imports `generated/`.
 */
import { operations, shortNames, type OperationName, type ShortName } from "../../generated/operations.js";
import { requestSchemas, type JsonSchema } from "../../generated/request-schemas.js";
import type { components, operations as SpecOperations } from "../../generated/schema.js";

export { operations, shortNames };
export type { JsonSchema, OperationName, ShortName };

/** The spec's schemas, by name: the wire shapes of answers (`PulledMessage`, `Metrics`, …). */
export type Schemas = components["schemas"];

/** The JSON body of an operation's request, as the spec types it. */
export type RequestBody<N extends OperationName> =
  SpecOperations[(typeof operations)[N]["operationId"]]["requestBody"]["content"]["application/json"];

/** The route and request schema of an operation, from the spec. */
export const requestSchemaOf = (name: OperationName) => requestSchemas[operations[name].operationId]!;
