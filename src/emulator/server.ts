/**
 * The emulator over HTTP, on Node's `http` server (Bun and Deno have it too). `node:http` is
 * imported when `listen()` is called, never at the top: the in-process emulator must load where
 * there is no `node:http` (workerd, browsers), and a bundler that inlines this module must not
 * inline a static import of it either.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { decodeBytes, MAX_REQUEST_BYTES, type BodyText } from "./body.js";
import { EmulatorConfigError } from "./config.js";
import type { RequestHandler } from "./fetch.js";
import { failures, type EmulatorResponse } from "./envelope.js";
import { createCors } from "./cors.js";
import { hostCheck } from "./hosts.js";

/** Options of {@link Emulator.listen}. */
export interface ListenOptions {
  /** The TCP port; 0 picks a free one. @default 8787 */
  port?: number;
  /** The address to bind. @default "127.0.0.1" (loopback only) */
  host?: string;
  /** Called with one line per request (`POST /client/v4/… 200 0.4ms`). @default no logging */
  log?: (line: string) => void;
  /**
   * The most time a request may take to arrive, headers and body, in ms. Past it the answer is a
   * 408 and the connection closes, so a slow client never holds a connection and its buffer for
   * long. @default 30000
   */
  requestTimeoutMs?: number;
  /**
   * Host names (any port) served besides the loopback ones. Bound to a loopback address (the
   * default), the server answers a request only if its `Host` is a loopback name or address
   * (`localhost`, `*.localhost`, 127.x.x.x, `[::1]`) or listed here; any other gets a 403, so a web
   * page that rebinds its own name to 127.0.0.1 (DNS rebinding) cannot reach the emulator. Bound
   * elsewhere (e.g. `0.0.0.0`), any `Host` is served unless this is given. @default none
   */
  allowedHosts?: string[];
  /**
   * An origin whose browser pages may call the emulator (CORS), e.g. `http://localhost:5173`, or
   * `*` for any. @default none: no CORS headers, so browsers keep other pages from reading answers
   */
  cors?: string;
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

const LISTEN_DEFAULTS = { port: 8787, host: "127.0.0.1", requestTimeoutMs: 30_000 } as const;

/** Thrown (and never answered) when the client went away before its request arrived. */
const clientGone = () => Object.assign(new Error("the client closed the connection"), { code: "ECONNRESET" });

/** Reads the body, stopping at the limit without buffering the rest. */
function readBody(req: IncomingMessage): Promise<BodyText> {
  const declared = Number(req.headers["content-length"]);
  if (declared > MAX_REQUEST_BYTES) return Promise.resolve({ text: undefined, error: "too-large" });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        req.off("data", onData);
        chunks.length = 0;
        resolve({ text: undefined, error: "too-large" });
      } else chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () =>
      resolve(size === 0 && chunks.length === 0 ? { text: undefined } : decodeBytes(Buffer.concat(chunks))),
    );
    req.on("close", () => {
      if (!req.complete) reject(clientGone());
    });
    req.on("error", reject);
  });
}

const headerReader = (req: IncomingMessage) => ({
  get(name: string): string | null {
    const value = req.headers[name];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  },
});

/** An answer written straight to the socket, for requests Node refused before they became requests. */
function rawAnswer(response: EmulatorResponse, STATUS_CODES: Record<number, string | undefined>): string {
  const headers = {
    ...response.headers,
    "content-length": Buffer.byteLength(response.body),
    connection: "close",
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status]}\r\n${lines.join("\r\n")}\r\n\r\n${response.body}`;
}

/** Node's own refusals (bad method, URL or framing, headers too large, too slow), as v4 envelopes. */
function clientErrorAnswer(error: Error & { code?: string; reason?: string }, requestTimeoutMs: number) {
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") return failures.requestTimeout(requestTimeoutMs);
  if (error.code === "HPE_HEADER_OVERFLOW") return failures.headersTooLarge();
  return failures.badHttp(`${error.reason ?? error.message} (${error.code ?? "no code"})`);
}

export async function listen(handle: RequestHandler, options: ListenOptions = {}): Promise<EmulatorServer> {
  const { createServer, STATUS_CODES } = await import("node:http");
  const {
    port = LISTEN_DEFAULTS.port,
    host = LISTEN_DEFAULTS.host,
    log,
    requestTimeoutMs = LISTEN_DEFAULTS.requestTimeoutMs,
    allowedHosts,
    cors,
  } = options;
  if (!Number.isInteger(requestTimeoutMs) || requestTimeoutMs < 1) {
    throw new EmulatorConfigError(
      `cfq listen: requestTimeoutMs must be an integer of at least 1; got ${String(requestTimeoutMs)}`,
    );
  }
  const hostAllowed = hostCheck(host, allowedHosts);
  const corsFor = cors === undefined ? undefined : createCors(cors);
  // The answer in progress on each connection: Node's own refusals must not write over it.
  const answering = new WeakMap<Socket, ServerResponse>();

  /** Before the handler: the Host check, then the CORS preflight. */
  function answerBefore(req: IncomingMessage): EmulatorResponse | undefined {
    const { host: hostHeader, origin } = req.headers;
    if (hostAllowed && !hostAllowed(hostHeader)) return failures.hostNotAllowed(hostHeader!);
    if (corsFor && req.method === "OPTIONS") {
      return corsFor.preflight(origin, req.headers["access-control-request-headers"]);
    }
    return undefined;
  }

  async function serve(req: IncomingMessage, res: ServerResponse, awaitingContinue: boolean) {
    const started = performance.now();
    answering.set(req.socket, res);
    res.once("finish", () => answering.delete(req.socket));
    let response: EmulatorResponse;
    try {
      response =
        answerBefore(req) ??
        (await handle({
          method: req.method ?? "GET",
          url: req.url ?? "/",
          headers: headerReader(req),
          readBody: () => {
            // `Expect: 100-continue`: the client sends the body only once told to, that is only now.
            if (awaitingContinue) res.writeContinue();
            return readBody(req);
          },
        }));
    } catch (error) {
      // Gone, or too slow (Node has already answered 408 and closed the connection).
      if ((error as { code?: string }).code === "ECONNRESET") return;
      if ((error as Error).name === "EmulatorDrop") {
        req.socket.destroy();
        log?.(`${req.method} ${req.url} dropped (fault injection)`);
        return;
      }
      // Never let one request take the server down.
      response = failures.internal((error as Error).message);
    }
    if (req.socket.destroyed) return;
    const headers: Record<string, string | number> = {
      ...response.headers,
      ...corsFor?.headers(req.headers.origin),
      "content-length": Buffer.byteLength(response.body),
    };
    // A body that was not read to its end (refused before it was needed, or over the limit) is
    // never kept: the connection closes after the answer, and nothing more of it is read.
    if (!req.complete) headers.connection = "close";
    res.writeHead(response.status, headers);
    res.end(response.body);
    const ignored = response.ignoredFields;
    const note = ignored
      ? ` (ignored unknown field${ignored.length > 1 ? "s" : ""}: ${ignored.join(", ")})`
      : "";
    log?.(`${req.method} ${req.url} ${response.status} ${(performance.now() - started).toFixed(1)}ms${note}`);
  }

  const server = createServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: requestTimeoutMs,
      // Node checks the deadlines on an interval: a quarter of the timeout, at most a second,
      // keeps the overshoot small.
      connectionsCheckingInterval: Math.min(1000, Math.ceil(requestTimeoutMs / 4)),
    },
    (req, res) => void serve(req, res, false),
  );
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => void serve(req, res, true));
  server.on("clientError", (error: Error & { code?: string }, socket: Socket) => {
    if (!socket.writable || answering.get(socket)?.headersSent) {
      socket.destroy();
      return;
    }
    const response = clientErrorAnswer(error, requestTimeoutMs);
    socket.write(rawAnswer(response, STATUS_CODES));
    socket.destroySoon();
    log?.(`(not a valid request: ${error.code}) ${response.status}`);
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
