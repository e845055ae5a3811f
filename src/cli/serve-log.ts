/**
 * Output lines for `cfq serve`: never a configured token, and never an unbounded buffer. When the
 * stream does not drain (stdout piped to a reader that stopped reading), lines are dropped rather
 * than kept, and once it drains again one line says how many were lost.
 */
import type { Writable } from "node:stream";

export interface LineWriter {
  write(line: string): void;
}

export function createLineWriter(stream: Writable, secrets: readonly string[]): LineWriter {
  const redact = (line: string) =>
    secrets.reduce((text, secret) => text.split(secret).join("[redacted]"), line);
  let dropped = 0;
  let waiting = false;
  const onDrain = () => {
    waiting = false;
    if (dropped === 0) return;
    const count = dropped;
    dropped = 0;
    write(`cfq: ${count} log line${count > 1 ? "s" : ""} dropped while stdout was not being read`);
  };
  const write = (line: string) => {
    if (waiting) {
      dropped++;
      return;
    }
    // Above the stream's high-water mark: keep nothing more until it drains.
    if (!stream.write(`${redact(line)}\n`)) {
      waiting = true;
      stream.once("drain", onDrain);
    }
  };
  return { write };
}
