/**
 * `cfq push --file`: one message per line of a file or stdin, through the producer (cfq/producer).
 * The input is read only as fast as batches go out, so a file of any length goes through in bounded
 * memory; each line that fails is reported with its number and reason, then a summary.
 */
import "../producer/index.js";
import type { Connection } from "./connection.js";
import { CliFailure, EXIT, explain } from "./failures.js";
import { openLines, LineMap, type Line } from "./line-source.js";
import type { Output } from "./output.js";
import { startProgress } from "./progress.js";
import { onInterrupt } from "./signals.js";
import type { JsonObject, MessageSendRequest, Queue } from "../index.js";
import type { Producer } from "../producer/index.js";

/** A line that was not sent: its number and why. Lines refused by one batch share its `error`. */
interface LineFailure {
  line: number;
  reason: string;
  /** The batch error shared by neighbouring lines, which are shown as one range. */
  batch?: Error;
}

export async function pushLines(
  out: Output,
  queue: Queue,
  connection: Connection,
  { file, text, delaySeconds }: { file: string; text: boolean; delaySeconds: number | undefined },
): Promise<number> {
  const lines = await openLines(file, process.stdin);
  const producer = queue.producer();
  const lineMap = new LineMap();
  const unparsed: LineFailure[] = [];
  // Ctrl-C stops reading; what was read is still sent.
  const signals = onInterrupt(() => lines.stop());
  /** The last line sent, or refused before sending. */
  let linesDone = 0;
  let stoppedBecause: string | undefined;
  const started = performance.now();
  const counts = () => {
    const { sent, failed, refused } = producer.stats();
    return { sent, failed: failed + refused + unparsed.length };
  };
  const progress = startProgress(out, () => {
    const { sent, failed } = counts();
    const rate = Math.round(sent / ((performance.now() - started) / 1000) || 0);
    return `cfq push: sent ${sent}, failed ${failed} (${rate}/s), line ${linesDone}`;
  });

  async function* messages(): AsyncIterable<MessageSendRequest> {
    let index = 0;
    for await (const line of lines) {
      stoppedBecause = nothingAccepted(producer);
      if (stoppedBecause) return;
      linesDone = line.number;
      const message = lineMessage(line, text, unparsed);
      if (!message) continue;
      lineMap.add(index++, line.number);
      yield delaySeconds === undefined ? message : { ...message, delaySeconds };
    }
  }

  let results;
  try {
    results = await producer.sendMany(messages());
    if (signals.interrupted) stoppedBecause ??= "interrupted (Ctrl-C)";
  } finally {
    await producer.close();
    progress.stop();
    signals.release();
  }
  const failures = mergeByLine(
    unparsed,
    results.flatMap((result, index) =>
      result.ok ? [] : [batchOrRefusal(result.error, lineMap.lineOf(index))],
    ),
  );
  await printFailures(out, failures);
  const { sent, failed } = counts();
  await printSummary(out, {
    sent,
    failed,
    seconds: (performance.now() - started) / 1000,
    ...(stoppedBecause && { stoppedAfterLine: linesDone, stoppedBecause }),
  });
  const hints = new Set(failures.map((f) => f.batch && explain(f.batch, connection).hint).filter(Boolean));
  for (const hint of hints) out.note(`cfq push: ${hint}`);
  if (failed === 0 && !stoppedBecause) return EXIT.ok;
  out.fail({
    message: stoppedBecause
      ? `stopped reading after line ${linesDone}: ${stoppedBecause}`
      : `${failed} of ${sent + failed} messages failed`,
    exitCode: EXIT.failure,
  });
  return EXIT.failure;
}

/** The line's message, or undefined for a blank line or one that is not JSON (recorded in `unparsed`). */
function lineMessage(line: Line, text: boolean, unparsed: LineFailure[]): MessageSendRequest | undefined {
  if (text) return line.text === "" ? undefined : { body: line.text, contentType: "text" };
  if (line.text.trim() === "") return undefined;
  try {
    return { body: JSON.parse(line.text) as JsonObject };
  } catch (error) {
    unparsed.push({ line: line.number, reason: `not valid JSON: ${(error as Error).message}` });
    return undefined;
  }
}

/** Why reading stops although lines are left: a batch failed, and none was accepted. */
function nothingAccepted(producer: Producer): string | undefined {
  const { sent, failed } = producer.stats();
  return failed > 0 && sent === 0 ? "a batch failed and none was accepted" : undefined;
}

function batchOrRefusal(error: Error, line: number): LineFailure {
  return error.name === "QueuesValidationError"
    ? { line, reason: asCliError(error).message }
    : { line, reason: error.message, batch: error };
}

/** Both lists are in line order: one list, in line order. */
function mergeByLine(a: LineFailure[], b: LineFailure[]): LineFailure[] {
  const merged: LineFailure[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    merged.push(j >= b.length || (i < a.length && a[i]!.line < b[j]!.line) ? a[i++]! : b[j++]!);
  }
  return merged;
}

/** Each failed line (`--json`: one record each); neighbouring lines of one failed batch as a range. */
async function printFailures(out: Output, failures: LineFailure[]): Promise<void> {
  for (let i = 0; i < failures.length; i++) {
    const first = failures[i]!;
    if (out.json) {
      await out.record({ line: first.line, error: first.reason });
      continue;
    }
    let last = first;
    // One batch's lines (blank ones may lie between), or adjacent lines that failed alike.
    const joins = (next: LineFailure | undefined) =>
      next !== undefined &&
      next.reason === first.reason &&
      ((last.batch !== undefined && next.batch === last.batch) || next.line === last.line + 1);
    while (joins(failures[i + 1])) last = failures[++i]!;
    const lines = last === first ? `line ${first.line}` : `lines ${first.line}-${last.line}`;
    out.note(`cfq push: ${lines}: ${first.reason}`);
  }
}

interface Summary {
  sent: number;
  failed: number;
  seconds: number;
  /** When reading stopped before the end: the last line read, and why it stopped. */
  stoppedAfterLine?: number;
  stoppedBecause?: string;
}

/** On stderr for a person; with `--json`, the last record on stdout. */
export async function printSummary(out: Output, summary: Summary): Promise<void> {
  const { sent, failed, seconds } = summary;
  const rate = seconds > 0 ? Math.round(sent / seconds) : 0;
  if (out.json) {
    await out.record({ ...summary, seconds: Number(seconds.toFixed(3)), rate });
    return;
  }
  const failedPart = failed ? `, ${failed} failed` : "";
  out.note(`cfq push: sent ${sent}${failedPart} in ${seconds.toFixed(1)} s (${rate}/s)`);
}

export /** A message the client refused, said in the CLI's terms: no `messages[3].` path, flags not options. */
function asCliError(error: Error): Error {
  if (error.name !== "QueuesValidationError") return error;
  const message = error.message
    .replace(/^(?:messages\[\d+\]|message)\./, "")
    .replace(/pass contentType: "text"/, "use --text");
  return new CliFailure(message);
}
