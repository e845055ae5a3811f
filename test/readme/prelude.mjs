// Loaded (`node --import`) before each TypeScript snippet of the README: defines the free variables the
// snippets use but do not define, and sends what they send to Cloudflare's API to an in-process emulator
// instead. Their types, for the type check, are PRELUDE_TYPES in snippets.ts: keep the two in step.
import { DEFAULT_BASE_URL, QueuesClient } from "cfq";
import { createEmulator } from "cfq/emulator";

const accountId = "readme-account";
const apiToken = "readme-token";
const cloudflare = createEmulator({ tokens: [apiToken] });

const network = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  return url.startsWith(`${DEFAULT_BASE_URL}/`) ? cloudflare.fetch(input, init) : network(input, init);
};

Object.assign(globalThis, {
  accountId,
  apiToken,
  queueId: "orders",
  queues: new QueuesClient({ accountId, apiToken }),
});
