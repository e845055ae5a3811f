/**
 * The lines of a file, or of stdin (`-`), read as they are needed: a file of millions of lines is
 * never held in memory. Line numbers count every line from 1, blank ones included.
 */
import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { createInterface, type Interface } from "node:readline";
import { CliFailure } from "./failures.js";

export interface Lines extends AsyncIterable<Line> {
  /** Ends the iteration at once, even while it waits for input (stdin that stays open). */
  stop(): void;
}

export interface Line {
  /** 1-based, counting every line of the input. */
  number: number;
  text: string;
}

/** Opens the file at once, so that a missing or unreadable one fails before anything is sent. */
export async function openLines(file: string, stdin: Readable): Promise<Lines> {
  let input: Readable = stdin;
  if (file !== "-") {
    try {
      input = (await open(file)).createReadStream({ encoding: "utf8" });
    } catch (error) {
      throw new CliFailure(`cannot read ${file}: ${(error as Error).message}`);
    }
  }
  // crlfDelay: a \r\n split across two chunks still ends one line, not two.
  const lines = createInterface({ input, crlfDelay: Infinity });
  return Object.assign(numbered(lines, input, file === "-" ? "stdin" : file), { stop: () => lines.close() });
}

async function* numbered(lines: Interface, input: Readable, name: string): AsyncIterable<Line> {
  let number = 0;
  try {
    for await (const text of lines) {
      number++;
      // A byte order mark is not part of the first line's JSON.
      yield { number, text: number === 1 ? text.replace(/^\uFEFF/, "") : text };
    }
  } catch (error) {
    const where = number ? ` after line ${number}` : "";
    throw new CliFailure(`cannot read ${name}${where}: ${(error as Error).message}`);
  } finally {
    lines.close();
    input.destroy();
  }
}

/**
 * Which line each message came from, in memory that grows with the lines skipped (blank or
 * invalid), not with the messages: it keeps only where the offset between the two changes.
 */
export class LineMap {
  /** [first message index, line number minus message index], by increasing index. */
  readonly #runs: [number, number][] = [];

  /** Message `index` (given in order) came from line `line`. */
  add(index: number, line: number): void {
    const last = this.#runs.at(-1);
    if (last?.[1] !== line - index) this.#runs.push([index, line - index]);
  }

  lineOf(index: number): number {
    let low = 0;
    let high = this.#runs.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.#runs[middle]![0] <= index) low = middle;
      else high = middle - 1;
    }
    return index + this.#runs[low]![1];
  }
}
