// A bare Node HTTP server that answers each of the e2e benchmark's requests with a fixed, valid
// reply, doing no queue work: the limit of this machine's loopback and client.
import { createServer } from "node:http";

const envelope = (result) => JSON.stringify({ success: true, errors: [], messages: [], result });
const metrics = { backlog_count: 100, backlog_bytes: 10_000, oldest_message_timestamp_ms: 1767225600000 };
const body = Buffer.from(JSON.stringify({ p: "x".repeat(92) })).toString("base64");
const messages = Array.from({ length: 100 }, (_, i) => ({
  id: i.toString(16).padStart(32, "0"),
  body,
  attempts: 1,
  lease_id: `lease-${i.toString(16).padStart(30, "0")}`,
  timestamp_ms: 1767225600000,
  metadata: { "CF-Content-Type": "json", "CF-sourceMessageSource": "api" },
}));
const replies = {
  batch: envelope({ metadata: { metrics } }),
  pull: envelope({ message_backlog_count: 100, messages, metadata: { metrics } }),
  ack: envelope({ ackCount: 100, retryCount: 0, warnings: {} }),
};

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const reply = req.url.endsWith("/pull")
      ? replies.pull
      : req.url.endsWith("/ack")
        ? replies.ack
        : replies.batch;
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(reply) });
    res.end(reply);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () =>
  console.log(`bare server listening on http://127.0.0.1:${server.address().port}/client/v4`),
);
process.on("SIGTERM", () => process.exit(0));
