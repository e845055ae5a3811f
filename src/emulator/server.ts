/** The emulator over HTTP, on Node's `http` server. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { decodeBytes, type BodyText } from "./body.js";
import type { RequestHandler } from "./fetch.js";
import { failures } from "./envelope.js";
import { LIMITS } from "../core/limits.js";

/** Options of {@link Emulator.listen}. */
export interface ListenOptions {
  /** The TCP port; 0 picks a free one. @default 8787 */
  port?: number;
  /** The address to bind. @default "127.0.0.1" (loopback only) */
  host?: string;
  /** Called with one line per request (`POST /client/v4/… 200 0.4ms`). @default no logging */
  log?: (line: string) => void;
}

/** A listening emulator. */
export interface EmulatorServer {
  /** The base URL for clients, ending in `/client/v4` (e.g. `http://127.0.0.1:8787/client/v4`). */
  url: string;
  host: string;
  port: number;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

/** Reads the body, stopping at the limit without buffering the rest. */
function readBody(req: IncomingMessage): Promise<BodyText> {
  const declared = Number(req.headers["content-length"]);
  if (declared > LIMITS.requestBytes) return Promise.resolve({ text: undefined, error: "too-large" });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > LIMITS.requestBytes) {
        req.off("data", onData);
        chunks.length = 0;
        resolve({ text: undefined, error: "too-large" });
      } else chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () =>
      resolve(size === 0 && chunks.length === 0 ? { text: undefined } : decodeBytes(Buffer.concat(chunks))),
    );
    req.on("error", reject);
  });
}

const headerReader = (req: IncomingMessage) => ({
  get(name: string): string | null {
    const value = req.headers[name];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  },
});

export function listen(handle: RequestHandler, options: ListenOptions = {}): Promise<EmulatorServer> {
  const { port = 8787, host = "127.0.0.1", log } = options;
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    let response;
    try {
      const body = await readBody(req);
      // Over the limit, reading stopped: the rest is read and thrown away, never kept, and the
      // connection closes after the handler's 413.
      if (body.error === "too-large") res.setHeader("connection", "close");
      response = await handle({
        method: req.method ?? "GET",
        url: req.url ?? "/",
        headers: headerReader(req),
        body: body.text,
        bodyError: body.error,
      });
    } catch (error) {
      if ((error as { code?: string }).code === "ECONNRESET") return;
      if ((error as Error).name === "EmulatorDrop") {
        req.socket.destroy();
        log?.(`${req.method} ${req.url} dropped (fault injection)`);
        return;
      }
      // Never let one request take the server down.
      response = failures.internal((error as Error).message);
    }
    res.writeHead(response.status, {
      ...response.headers,
      "content-length": Buffer.byteLength(response.body),
    });
    res.end(response.body);
    req.resume();
    log?.(`${req.method} ${req.url} ${response.status} ${(performance.now() - started).toFixed(1)}ms`);
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${shownHost}:${address.port}/client/v4`,
        host: address.address,
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
