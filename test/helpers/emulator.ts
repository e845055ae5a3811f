/** Starts an emulator with a controllable clock, reachable in-process or over HTTP. */
import { QueuesClient } from "../../src/index.js";
import { createEmulator, type EmulatorConfig } from "../../src/emulator/index.js";

export type TransportKind = "in-process" | "http";
export const TRANSPORTS: TransportKind[] = ["in-process", "http"];

export const ACCOUNT = "acc";
export const TOKEN = "dev-token";

export interface Harness {
  emulator: ReturnType<typeof createEmulator>;
  clock: { now: number; advance(ms: number): void };
  /** The base URL clients use: the HTTP server's, or a made-up one for the in-process transport. */
  baseUrl: string;
  /** The transport: `emulator.fetch`, or the global fetch for HTTP. */
  fetch: typeof fetch;
  client: QueuesClient;
  /** A raw POST of `body` (a string is sent as is) to `/accounts/acc/queues/{queue}/messages{suffix}`. */
  post(
    queue: string,
    suffix: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: any; headers: Headers }>;
  close(): Promise<void>;
}

export async function startEmulator(kind: TransportKind, config: EmulatorConfig = {}): Promise<Harness> {
  const clock = {
    now: Date.UTC(2026, 0, 1),
    advance(ms: number) {
      this.now += ms;
    },
  };
  const emulator = createEmulator(config, { now: () => clock.now });
  const server = kind === "http" ? await emulator.listen({ port: 0 }) : undefined;
  const baseUrl = server?.url ?? "http://emulator.local/client/v4";
  const transport = server ? globalThis.fetch : emulator.fetch;
  const client = new QueuesClient({ accountId: ACCOUNT, apiToken: TOKEN, baseUrl, fetch: transport });
  return {
    emulator,
    clock,
    baseUrl,
    fetch: transport,
    client,
    async post(queue, suffix, body, headers = {}) {
      const response = await transport(`${baseUrl}/accounts/${ACCOUNT}/queues/${queue}/messages${suffix}`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, json: JSON.parse(text), headers: response.headers };
    },
    close: async () => server?.close(),
  };
}
