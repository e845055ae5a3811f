/**
 * The credentials that no printed line may show, found before anything is parsed (so that even a
 * usage error cannot echo one): the values of the flags declared `secret`, and every credential
 * variable of the environment, used by the command or not.
 */
import type { Flags } from "./command.js";
import { ENV } from "./connection.js";

/** `cfq serve`'s accepted tokens, comma-separated. */
export const SERVE_TOKENS_VARIABLE = "CFQ_SERVE_TOKENS";

const SECRET_VARIABLES = [ENV.apiToken, ENV.apiKey, ENV.apiEmail, SERVE_TOKENS_VARIABLE];

export function findSecrets(argv: readonly string[], env: NodeJS.ProcessEnv, flags: Flags): string[] {
  const secretFlags = Object.keys(flags)
    .filter((name) => flags[name]!.secret)
    .map((name) => `--${name}`);
  const found: (string | undefined)[] = [];
  argv.forEach((arg, i) => {
    for (const flag of secretFlags) {
      if (arg === flag) found.push(argv[i + 1]);
      else if (arg.startsWith(`${flag}=`)) found.push(arg.slice(flag.length + 1));
    }
  });
  // Whole, and each comma-separated part (CFQ_SERVE_TOKENS is a list).
  for (const name of SECRET_VARIABLES) found.push(env[name], ...(env[name] ?? "").split(","));
  return found.map((secret) => secret?.trim()).filter((secret): secret is string => !!secret);
}
