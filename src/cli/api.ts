/** What the commands that call the API share: their common flags, and how they connect and fail. */
import { integerFlag } from "./args.js";
import type { Context, Flag, Flags, Parsed } from "./command.js";
import { CONNECTION_FLAGS, connect, type Connection } from "./connection.js";
import { explain, UsageError } from "./failures.js";
import { OUTPUT_FLAGS } from "./output.js";
import { LIMITS } from "../core/limits.js";

/** Where to, as whom, and `--json`. */
export const API_FLAGS: Flags = { ...CONNECTION_FLAGS, ...OUTPUT_FLAGS };

/** `--batch N`: messages per pull or peek, `what` they are for, and the default when not given. */
export const batchFlag = (what: string, fallback: string): Flag => ({
  type: "string",
  value: "N",
  description: `${what}, 1 to ${LIMITS.maxBatchSize} (default: ${fallback})`,
});

/** The value of `--batch`, or `undefined` when not given. */
export const parseBatch = (parsed: Parsed) => integerFlag(parsed, "batch", 1, LIMITS.maxBatchSize);

/**
 * Connects (flags over the environment), then runs `body`. A failure is printed with a hint about
 * where the command was going (the base URL, the token's permission…); a usage error goes on to
 * `main`, which prints the usage.
 */
export async function withConnection(
  parsed: Parsed,
  { out, env }: Context,
  body: (connection: Connection) => Promise<number>,
): Promise<number> {
  const connection = connect(parsed, env);
  try {
    return await body(connection);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const failure = explain(error, connection);
    out.fail(failure);
    return failure.exitCode;
  }
}
