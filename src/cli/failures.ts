/**
 * The CLI's failures: a {@link UsageError} (exit 2, then the command's usage) or an expected
 * failure (exit 1), each described in one line with a hint that says what to check. Only an error
 * the CLI does not expect (a bug) is shown with its stack.
 */
import { CloudflareApiError, NetworkError, QueuesError, TimeoutError } from "../core/errors.js";
import type { Command } from "./command.js";

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** The command line is wrong: an unknown command or flag, a missing or extra argument. */
export class UsageError extends Error {
  override name = "UsageError";
  /** The command whose usage follows the message (none: the general help). */
  readonly command: Command | undefined;
  constructor(message: string, command?: Command) {
    super(message);
    this.command = command;
  }
}

/** An expected failure, said in one line: a file that cannot be read, a value out of range, a port in use… */
export class CliFailure extends Error {
  override name = "CliFailure";
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}

/** Where the command was talking to, for the hints. */
export interface Target {
  baseUrl: string;
  local: boolean;
}

/** A failure, described: what the CLI prints (one line, or one JSON object with `--json`). */
export interface Explained {
  message: string;
  hint?: string | undefined;
  exitCode: number;
  /** The HTTP status and Cloudflare error code, for an API error. */
  status?: number;
  code?: number | undefined;
  /** A bug: its stack follows the message. */
  stack?: string | undefined;
}

export function explain(error: unknown, target?: Target): Explained {
  if (error instanceof UsageError) return { message: error.message, exitCode: EXIT.usage };
  if (error instanceof CliFailure)
    return { message: error.message, hint: error.hint, exitCode: EXIT.failure };
  if (error instanceof CloudflareApiError) {
    return {
      message: error.message,
      hint: apiHint(error, target),
      exitCode: EXIT.failure,
      status: error.status,
      code: error.code,
    };
  }
  if (error instanceof NetworkError || error instanceof TimeoutError) {
    return { message: error.message, hint: target && reachHint(target), exitCode: EXIT.failure };
  }
  if (error instanceof QueuesError) return { message: error.message, exitCode: EXIT.failure };
  if ((error as Error)?.name === "EmulatorConfigError") {
    return { message: (error as Error).message.replace(/^cfq:? /, ""), exitCode: EXIT.failure };
  }
  const bug = error instanceof Error ? error : new Error(String(error));
  return { message: `unexpected error: ${bug.message}`, exitCode: EXIT.failure, stack: bug.stack };
}

/** What to check, by status (and, for 429, by Cloudflare's code). */
function apiHint(error: CloudflareApiError, target: Target | undefined): string | undefined {
  switch (error.status) {
    case 401:
    case 403:
      return 'check the API token and the account id: the token needs the permission "Queues Write" (dashboard: Account, Queues, Edit)';
    case 404:
      return "check the queue's id (not its name: `wrangler queues list` shows the ids) and the account id";
    case 405:
      return "the queue has no HTTP pull consumer: add one with `wrangler queues consumer http add QUEUE_NAME` (then allow a few seconds)";
    case 409:
      return "delivery is paused on this queue: `wrangler queues resume-delivery QUEUE_NAME` resumes it";
    case 429:
      if (error.code === 10251) return "the queue's backlog is full: consume or purge messages";
      if (error.code === 10250) return "the queue is overloaded: send more slowly";
      if (error.code === 10252) return "the queue is disabled";
      return "rate limit: Cloudflare allows about 1,200 API requests per 5 minutes per account; wait, then try again";
    default:
      return error.name === "InvalidResponseError" && target
        ? `the answer was not the API's: is ${target.baseUrl} the right base URL?`
        : undefined;
  }
}

function reachHint({ baseUrl, local }: Target): string {
  return local
    ? `is \`cfq serve\` running at ${baseUrl}? (start it with \`npx cfq serve\`, or give its URL with --base-url)`
    : `cannot reach ${baseUrl}: check --base-url or CFQ_BASE_URL (--local is a \`cfq serve\` on this machine)`;
}

/** The one line a failure prints in human mode (the hint in parentheses). */
export const failureLine = (command: string, { message, hint }: Explained) =>
  `cfq${command ? ` ${command}` : ""}: ${message}${hint ? ` (${hint})` : ""}`;
