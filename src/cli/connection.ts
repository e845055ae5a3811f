/**
 * Where the API commands go, and as whom: flags over the environment, with wrangler's variable
 * names so that a shell set up for wrangler just works. Only the CLI reads the environment; the
 * library never does. `--local` is a `cfq serve` on this machine, with its development account and
 * token (it accepts any token unless told otherwise).
 */
import { DEFAULT_BASE_URL, QueuesClient, QueuesValidationError, type QueuesClientOptions } from "../index.js";
import type { Flags, Parsed } from "./command.js";
import { CliFailure, UsageError, type Target } from "./failures.js";

/** The environment variables the CLI reads. */
export const ENV = {
  accountId: "CLOUDFLARE_ACCOUNT_ID",
  apiToken: "CLOUDFLARE_API_TOKEN",
  apiKey: "CLOUDFLARE_API_KEY",
  apiEmail: "CLOUDFLARE_EMAIL",
  baseUrl: "CFQ_BASE_URL",
} as const;

/** What `--local` means: `cfq serve`'s default address, and a development account and token. */
export const LOCAL = {
  baseUrl: "http://127.0.0.1:8787/client/v4",
  accountId: "local",
  apiToken: "dev-token",
} as const;

export const CONNECTION_FLAGS: Flags = {
  "account-id": { type: "string", value: "ID", description: `the account (default: $${ENV.accountId})` },
  "api-token": {
    type: "string",
    value: "TOKEN",
    secret: true,
    description: `the API token (default: $${ENV.apiToken}; a flag shows in ps, the variable does not)`,
  },
  "base-url": {
    type: "string",
    value: "URL",
    description: `the API (default: $${ENV.baseUrl}, else ${DEFAULT_BASE_URL})`,
  },
  local: {
    type: "boolean",
    description: `a local cfq serve: ${LOCAL.baseUrl}, account ${LOCAL.accountId}, token ${LOCAL.apiToken}`,
  },
};

/** The help's paragraph on credentials, shared by the API commands. */
export const CONNECTION_NOTES = `Credentials: --api-token or $${ENV.apiToken} (a token with the permission "Queues Write"),
or $${ENV.apiKey} with $${ENV.apiEmail}. Flags win over the environment; --local ignores it.
QUEUE is the queue's id, not its name: \`wrangler queues list\` shows the ids.`;

export interface Connection extends Target {
  client: QueuesClient;
}

/** An environment variable, unless unset or empty. */
const variable = (env: NodeJS.ProcessEnv, name: string) => env[name] || undefined;

export function connect({ values }: Parsed, env: NodeJS.ProcessEnv): Connection {
  const local = values.local === true;
  const flag = (name: string) => values[name] as string | undefined;
  const fromEnv = (name: string) => (local ? undefined : variable(env, name));
  const baseUrl = flag("base-url") ?? (local ? LOCAL.baseUrl : fromEnv(ENV.baseUrl)) ?? DEFAULT_BASE_URL;
  const accountId = flag("account-id") ?? (local ? LOCAL.accountId : fromEnv(ENV.accountId));
  if (!accountId) {
    throw new UsageError(`no account: give --account-id, or set ${ENV.accountId} (--local for a cfq serve)`);
  }
  const options = {
    accountId,
    baseUrl,
    ...credentials(flag("api-token") ?? (local ? LOCAL.apiToken : undefined), fromEnv),
    // The account's API budget is Cloudflare's: the emulator has none.
    ...(local && { rateLimit: false as const }),
  } as QueuesClientOptions;
  try {
    return { client: new QueuesClient(options), baseUrl, local };
  } catch (error) {
    if (error instanceof QueuesValidationError && error.field === "baseUrl") {
      throw new CliFailure(`the base URL (--base-url or ${ENV.baseUrl}): ${error.message}`);
    }
    throw error;
  }
}

function credentials(
  token: string | undefined,
  fromEnv: (name: string) => string | undefined,
): Pick<QueuesClientOptions, "apiToken" | "apiKey" | "apiEmail"> {
  const apiToken = token ?? fromEnv(ENV.apiToken);
  if (apiToken) return { apiToken };
  const apiKey = fromEnv(ENV.apiKey);
  const apiEmail = fromEnv(ENV.apiEmail);
  if (apiKey && apiEmail) return { apiKey, apiEmail } as Pick<QueuesClientOptions, "apiKey" | "apiEmail">;
  if (apiKey || apiEmail) {
    throw new UsageError(
      `${apiKey ? ENV.apiKey : ENV.apiEmail} is set but ${apiKey ? ENV.apiEmail : ENV.apiKey} is not: the key needs its email`,
    );
  }
  throw new UsageError(
    `no credentials: give --api-token, or set ${ENV.apiToken} (or ${ENV.apiKey} and ${ENV.apiEmail}); --local for a cfq serve`,
  );
}
