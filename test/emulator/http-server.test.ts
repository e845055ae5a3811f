// The HTTP server under hostile clients, over raw sockets: bodies that never come, requests that
// crawl, and requests Node itself refuses. Every answer is a v4 envelope, and no connection is held.
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  createEmulator,
  type EmulatorConfig,
  type EmulatorServer,
  type ListenOptions,
} from "../../src/emulator/index.js";

const PATH = "/client/v4/accounts/acc/queues/q/messages";
const TOKEN = "dev-token";
const JSON_TYPE = "Content-Type: application/json\r\n";

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Whether the server closed the connection (within the wait). */
  closed: boolean;
}

/**
 * Writes `request` as is and reads what comes back until the server closes the connection, or
 * `waitMs` passes (a generous bound: the answers expected here come at once, or after a 300 ms
 * timeout; without the fix they would come after minutes, or never).
 */
function exchange(port: number, request: string, waitMs = 5000): Promise<RawAnswer & { raw: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let raw = "";
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      const [head = "", ...rest] = raw.split("\r\n\r\n");
      const [statusLine = "", ...headerLines] = head.split("\r\n");
      const headers = Object.fromEntries(
        headerLines.map((line) => {
          const at = line.indexOf(":");
          return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()];
        }),
      );
      resolve({
        status: Number(statusLine.split(" ")[1]),
        headers,
        body: rest.join("\r\n\r\n"),
        closed,
        raw,
      });
    };
    const timer = setTimeout(() => done(false), waitMs);
    socket.on("data", (chunk) => (raw += chunk));
    socket.on("close", () => done(true));
    socket.on("error", (error) =>
      (error as { code?: string }).code === "ECONNRESET" ? done(true) : reject(error),
    );
    socket.write(request);
  });
}

const envelope = (code: number) => ({
  success: false,
  errors: [expect.objectContaining({ code, message: expect.any(String) })],
  messages: [],
  result: null,
});

let server: EmulatorServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const start = async (config: EmulatorConfig = {}, options: ListenOptions = {}) =>
  (server = await createEmulator(config).listen({ port: 0, ...options }));

/** A small valid push, raw, with these header lines besides its own, on a connection it closes. */
function rawPush(port: number, headerLines: string) {
  const body = '{"body":{"a":1}}';
  return exchange(
    port,
    `POST ${PATH} HTTP/1.1\r\n${headerLines}Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
  );
}

describe("the HTTP server", () => {
  it.each([
    ["no credentials", PATH, JSON_TYPE, 9106, 400],
    ["a wrong token", PATH, `${JSON_TYPE}Authorization: Bearer wrong\r\n`, 10000, 403],
    ["a wrong route", `${PATH}/nowhere`, `${JSON_TYPE}Authorization: Bearer ${TOKEN}\r\n`, 7003, 400],
    [
      "an unknown queue in strict mode",
      PATH.replace("/q/", "/other/"),
      `${JSON_TYPE}Authorization: Bearer ${TOKEN}\r\n`,
      10104,
      404,
    ],
    [
      "a Content-Type that is not JSON",
      PATH,
      `Authorization: Bearer ${TOKEN}\r\nContent-Type: text/plain\r\n`,
      6003,
      400,
    ],
  ])(
    "%s: answered from the headers, before any of the body is sent, and the connection closes",
    async (_, path, extra, code, status) => {
      const { port } = await start({ tokens: [TOKEN], strict: true, queues: { q: {} } });
      const answer = await exchange(
        port,
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}Content-Length: 1000000\r\n\r\n`,
      );
      expect(answer.status).toBe(status);
      expect(JSON.parse(answer.body)).toEqual(envelope(code));
      expect(answer.headers.connection).toBe("close");
      expect(answer.closed).toBe(true);
    },
  );

  it("a request with its whole body keeps the connection open for the next one", async () => {
    const { port } = await start();
    const body = '{"body":{"a":1}}';
    const answer = await exchange(
      port,
      `POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      500,
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.connection).toBe("keep-alive");
    expect(answer.closed).toBe(false);
  });

  it("Expect: 100-continue: a refused request is answered without inviting its body; an accepted one is invited", async () => {
    const { port } = await start({ tokens: [TOKEN] });
    const refused = await exchange(
      port,
      `POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 16\r\n\r\n`,
    );
    expect(refused.raw).not.toMatch(/100 Continue/);
    expect(refused.status).toBe(400);
    const invited = await exchange(
      port,
      `POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 16\r\n\r\n`,
      500,
    );
    expect(invited.raw).toMatch(/^HTTP\/1\.1 100 Continue\r\n/);
  });

  it.each([
    ["a body that stops arriving", `Content-Length: 100\r\n\r\n{"body":`],
    ["headers that stop arriving", `X-Slow: `],
  ])(
    "%s: 408 with a v4 envelope once requestTimeoutMs passes, and the connection closes",
    async (_, rest) => {
      const { port } = await start({}, { requestTimeoutMs: 300 });
      const answer = await exchange(
        port,
        `POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${rest}`,
      );
      expect(answer.status).toBe(408);
      expect(answer.headers["content-type"]).toBe("application/json");
      expect(JSON.parse(answer.body)).toEqual(envelope(408));
      expect(JSON.parse(answer.body).errors[0].message).toMatch(/300 ms \(requestTimeoutMs\)/);
      expect(answer.closed).toBe(true);
    },
  );

  it.each([
    ["a method Node does not know", `FROB ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, 400],
    ["a URL with a control character", `POST /client/v4/\x7f HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, 400],
    [
      "headers over Node's limit",
      `POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`,
      431,
    ],
    [
      "Content-Length with Transfer-Encoding (smuggling)",
      `POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      400,
    ],
    [
      "two different Content-Lengths (smuggling)",
      `POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\n{}{}`,
      400,
    ],
  ])(
    "%s: Node's refusal is a v4 envelope, JSON, with a content-length, and the connection closes",
    async (_, request, status) => {
      const { port } = await start();
      const answer = await exchange(port, request);
      expect(answer.status).toBe(status);
      expect(answer.headers["content-type"]).toBe("application/json");
      expect(Number(answer.headers["content-length"])).toBe(Buffer.byteLength(answer.body));
      expect(answer.headers.connection).toBe("close");
      expect(JSON.parse(answer.body)).toEqual(envelope(status));
      expect(answer.closed).toBe(true);
    },
  );
});

describe("DNS rebinding: which Host a server bound to loopback answers", () => {
  const push = (port: number, host: string) => rawPush(port, `Host: ${host}\r\n`);

  it("bound to 127.0.0.1: loopback names and addresses are served, any other Host gets a 403 that says how to allow it", async () => {
    const emulator = createEmulator();
    server = await emulator.listen({ port: 0 });
    for (const host of [
      "127.0.0.1",
      `127.0.0.1:${server.port}`,
      "localhost:9",
      "LOCALHOST",
      "app.localhost:3000",
      "127.1.2.3",
      "[::1]:8787",
    ]) {
      expect((await push(server.port, host)).status, host).toBe(200);
    }
    for (const host of [
      "evil.example",
      `rebound.attacker.test:${server.port}`,
      "192.168.1.5",
      "localhost.evil.test",
    ]) {
      const answer = await push(server.port, host);
      expect(answer.status, host).toBe(403);
      expect(JSON.parse(answer.body)).toEqual(envelope(403));
      const { message } = JSON.parse(answer.body).errors[0];
      expect(message).toContain(`Host "${host}" is not allowed`);
      expect(message).toContain("--allow-host");
      expect(message).toContain("allowedHosts");
    }
    expect(emulator.metrics("q")!.backlog_count).toBe(7); // the refused pushes stored nothing
  });

  it("allowedHosts adds names (any port), and bound elsewhere any Host is served unless it is given", async () => {
    let { port } = await start({}, { allowedHosts: ["dev.example.test"] });
    expect((await push(port, "dev.example.test:8787")).status).toBe(200);
    expect((await push(port, "Dev.Example.Test")).status).toBe(200);
    expect((await push(port, "other.example.test")).status).toBe(403);
    await server!.close();
    ({ port } = await start({}, { host: "0.0.0.0" }));
    expect((await push(port, "any.example.test")).status).toBe(200);
    await server!.close();
    ({ port } = await start({}, { host: "0.0.0.0", allowedHosts: ["dev.example.test"] }));
    expect((await push(port, "dev.example.test")).status).toBe(200);
    expect((await push(port, "localhost")).status).toBe(200);
    expect((await push(port, "any.example.test")).status).toBe(403);
  });

  it("the in-process fetch has no Host check", async () => {
    const emulator = createEmulator();
    const response = await emulator.fetch(`http://evil.example${PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"body":{"a":1}}',
    });
    expect(response.status).toBe(200);
  });
});

describe("CORS", () => {
  const preflight = (port: number, origin: string) =>
    exchange(
      port,
      `OPTIONS ${PATH} HTTP/1.1\r\nHost: localhost\r\nOrigin: ${origin}\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: authorization, content-type\r\nConnection: close\r\n\r\n`,
    );
  const post = (port: number, origin: string) => rawPush(port, `Host: localhost\r\nOrigin: ${origin}\r\n`);

  it("is off unless asked for: no CORS headers, and a preflight is refused like any unknown route", async () => {
    const { port } = await start();
    const answer = await post(port, "http://app.test");
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.headers).filter((name) => name.startsWith("access-control-"))).toEqual([]);
    const options = await preflight(port, "http://app.test");
    expect(options.status).toBe(400);
    expect(Object.keys(options.headers).filter((name) => name.startsWith("access-control-"))).toEqual([]);
  });

  it("with cors: the preflight is answered and the answers are readable by that origin only", async () => {
    const { port } = await start({}, { cors: "http://app.test" });
    const options = await preflight(port, "http://app.test");
    expect(options.status).toBe(204);
    expect(options.headers["access-control-allow-origin"]).toBe("http://app.test");
    expect(options.headers["access-control-allow-methods"]).toBe("POST");
    expect(options.headers["access-control-allow-headers"]).toBe("authorization, content-type");
    const answer = await post(port, "http://app.test");
    expect(answer.status).toBe(200);
    expect(answer.headers["access-control-allow-origin"]).toBe("http://app.test");
    expect(answer.headers.vary).toBe("origin");
    const other = await post(port, "http://other.test");
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    expect(
      (await preflight(port, "http://other.test")).headers["access-control-allow-origin"],
    ).toBeUndefined();
  });
});

describe("the request log", () => {
  it("names the fields it ignored (unknown to the spec), at the top level and in messages, acks and retries", async () => {
    const lines: string[] = [];
    const server = await createEmulator().listen({ port: 0, log: (line) => lines.push(line) });
    const post = (suffix: string, body: unknown) =>
      fetch(`${server.url}/accounts/acc/queues/q/messages${suffix}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    try {
      expect((await post("/pull", { visibility_timeout: 60 })).status).toBe(200); // the docs' old name
      await post("/batch", {
        messages: [
          { body: { untouched: 1 }, extra: 1 },
          { body: "t", content_type: "text", extra: 2 },
        ],
        constructor: 1,
      });
      await post("/ack", { acks: [{ lease_id: "L", why: "x" }], retries: [{ lease_id: "M", delay: 5 }] });
      await post("", { body: { nested_unknowns_are_the_body: 1 } });
    } finally {
      await server.close();
    }
    expect(lines).toEqual([
      expect.stringMatching(
        /^POST \/client\/v4\/accounts\/acc\/queues\/q\/messages\/pull 200 [\d.]+ms \(ignored unknown field: visibility_timeout\)$/,
      ),
      expect.stringMatching(/ 200 [\d.]+ms \(ignored unknown fields: messages\[\]\.extra, constructor\)$/),
      expect.stringMatching(/ 200 [\d.]+ms \(ignored unknown fields: acks\[\]\.why, retries\[\]\.delay\)$/),
      expect.stringMatching(/messages 200 [\d.]+ms$/),
    ]);
  });
});
