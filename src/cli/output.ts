/**
 * Everything the CLI prints goes through here, so that no line can carry a credential: each is
 * scrubbed of the secrets found on the command line and in the environment before it is written.
 * stdout carries only data (message lines, or NDJSON with `--json`), so `cfq pull q --json | jq`
 * works; notes, progress and failures go to stderr, and with `--json` a failure is one JSON object.
 */
import type { Writable } from "node:stream";
import { createRedactor, type Redactor } from "../core/redact.js";
import type { Flags } from "./command.js";
import { failureLine, type Explained } from "./failures.js";

export const OUTPUT_FLAGS: Flags = {
  json: {
    type: "boolean",
    description: "print NDJSON on stdout (one object per line), and a failure as JSON on stderr",
  },
};

/** Columns when stdout is not a terminal (a pipe, a file). */
const DEFAULT_WIDTH = 80;

type Stream = Writable & { isTTY?: boolean; columns?: number };

export interface OutputOptions {
  stdout: Stream;
  stderr: Stream;
  /** Credentials to scrub from every line. */
  secrets: readonly string[];
  json: boolean;
  /** The command's name, for the prefix of notes and failures. */
  command?: string | undefined;
}

export class Output {
  /** `--json`: NDJSON on stdout, failures as JSON on stderr, no notes. */
  json: boolean;
  command: string | undefined;
  readonly #stdout: Stream;
  readonly #stderr: Stream;
  readonly #redactor: Redactor;

  constructor({ stdout, stderr, secrets, json, command }: OutputOptions) {
    this.#stdout = stdout;
    this.#stderr = stderr;
    this.#redactor = createRedactor(secrets);
    this.json = json;
    this.command = command;
  }

  /** Columns for a human line: the terminal's, or 80. */
  get width(): number {
    return (this.#stdout.isTTY && this.#stdout.columns) || DEFAULT_WIDTH;
  }

  /** Whether progress can be drawn: stderr is a terminal, and the output is for a person. */
  get showsProgress(): boolean {
    return !this.json && this.#stderr.isTTY === true;
  }

  /** A line of data on stdout. Resolves once stdout can take more, so a slow reader slows the command down. */
  data(line: string): Promise<void> {
    return write(this.#stdout, `${this.#redactor.text(line)}\n`);
  }

  /** One NDJSON object on stdout. */
  record(value: Record<string, unknown>): Promise<void> {
    return this.data(JSON.stringify(value));
  }

  /** A line for the person at the terminal, on stderr (none with `--json`). */
  note(line: string): void {
    if (!this.json) this.#stderr.write(`${this.#redactor.text(line)}\n`);
  }

  /** A line of stderr written as is (scrubbed): usage text, or progress drawn over itself. */
  raw(text: string): void {
    this.#stderr.write(this.#redactor.text(text));
  }

  /** A failure, on stderr: one line (then `usage`, if given), or one JSON object with `--json`. */
  fail(failure: Explained, usage?: string): void {
    if (this.json) {
      const { message, hint, status, code, stack } = failure;
      const error = { message, hint, status, code, ...(usage && { usage }), stack };
      this.#stderr.write(`${JSON.stringify(this.#redactor.json({ error }))}\n`);
      return;
    }
    const lines = [failureLine(this.command ?? "", failure)];
    if (failure.stack) lines.push(failure.stack);
    if (usage) lines.push("", usage);
    this.#stderr.write(`${this.#redactor.text(lines.join("\n"))}\n`);
  }
}

function write(stream: Writable, text: string): Promise<void> {
  if (stream.write(text)) return Promise.resolve();
  return new Promise((resolve) => stream.once("drain", resolve));
}
