/**
 * The outcome of each id of an ack or a purge. The API settles what it can and returns a warning per
 * id it could not (an unknown lease, a ref already gone): each is shown, and any makes the command
 * fail, so that a script notices.
 */
import { EXIT } from "./failures.js";
import type { Output } from "./output.js";

export interface Outcome {
  /** The lease id or ref, as given. */
  id: string;
  /** Its `--json` fields besides `ok` and `warning`: `{ leaseId, action }`, `{ ref }`. */
  fields: Record<string, unknown>;
}

/**
 * Prints one record per id with `--json` (when `records`), else a note per warning, then the
 * summary as a note. A failure (exit 1) when any id has a warning: "N of M {noun}s {failed}".
 */
export async function reportOutcomes(
  out: Output,
  outcomes: readonly Outcome[],
  warnings: Readonly<Record<string, string>>,
  {
    summary,
    noun,
    failed: what,
    records = true,
    problems = [],
  }: {
    summary: string;
    noun: string;
    failed: string;
    records?: boolean;
    /** What the answer reported for the call as a whole (a purge's `errors`): a failure too. */
    problems?: readonly string[];
  },
): Promise<number> {
  const warned = outcomes.filter(({ id }) => Object.hasOwn(warnings, id));
  for (const { id, fields } of records && out.json ? outcomes : []) {
    const warning = Object.hasOwn(warnings, id) ? warnings[id] : undefined;
    await out.record({ ...fields, ok: warning === undefined, ...(warning !== undefined && { warning }) });
  }
  // Keys that match no id given (the older wire shape keys warnings by position): shown as they are.
  const given = new Set(outcomes.map(({ id }) => id));
  const stray = Object.keys(warnings).filter((key) => !given.has(key));
  for (const key of [...warned.map(({ id }) => id), ...stray]) {
    out.note(`cfq ${out.command}: ${noun} ${key}: ${warnings[key]}`);
  }
  out.note(`cfq ${out.command}: ${summary}`);
  const failed = warned.length + stray.length;
  const messages = [
    ...(failed ? [`${failed} of ${outcomes.length} ${noun}${outcomes.length > 1 ? "s" : ""} ${what}`] : []),
    ...problems,
  ];
  if (messages.length === 0) return EXIT.ok;
  out.fail({ message: messages.join("; "), exitCode: EXIT.failure });
  return EXIT.failure;
}
