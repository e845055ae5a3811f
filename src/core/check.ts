/**
 * Argument checks for plain JavaScript callers as much as for TypeScript ones: each failure is a
 * {@link QueuesValidationError} that names the field, the value and what it must be.
 */
import { isPlainObject } from "./describe.js";
import { QueuesValidationError, type ValidationProblem } from "./errors.js";

export { isPlainObject };

/** Throws the {@link QueuesValidationError} for `problem`. */
export function refuse(problem: ValidationProblem): never {
  throw new QueuesValidationError(problem);
}

/** `undefined`, or an integer within `min` and `max`. */
export function checkInteger(
  field: string,
  value: unknown,
  { min, max = Infinity }: { min: number; max?: number },
) {
  if (value === undefined) return;
  if (Number.isInteger(value) && (value as number) >= min && (value as number) <= max) return;
  refuse({
    field,
    value,
    limit: max < Infinity ? `an integer from ${min} to ${max}` : `an integer of at least ${min}`,
  });
}

/** `undefined`, or a function. */
export function checkFunction(field: string, value: unknown): void {
  if (value !== undefined && typeof value !== "function") refuse({ field, value, limit: "a function" });
}

/**
 * `undefined` (when `optional`), or a plain object whose keys are all among `known`. An unknown key
 * is refused with the known key it most resembles (`batch_size` → `batchSize`), because a
 * misspelt option that is silently ignored is a bug that surfaces much later.
 * @param field the object's path, prefixed to its keys' paths (`""` for a top-level options object)
 * @param what names the object's owner in the message: `pull`, `messages[2]`, …
 * @param name names the object itself when it is not an object at all (default: `field`)
 * @param shape shows the expected object: `{ acks?, retries? }`
 * @param noun what its keys are called: `option` or `field`
 */
export function checkObject(
  field: string,
  value: unknown,
  known: readonly string[],
  options: { what: string; shape: string; name?: string; noun?: string; optional?: boolean },
): asserts value is Record<string, unknown> | undefined {
  const { what, shape, name = field, noun = "option", optional = false } = options;
  if (value === undefined && optional) return;
  if (!isPlainObject(value)) refuse({ field: name, value, limit: `an object ${shape}` });
  for (const key in value) {
    if (known.includes(key)) continue;
    const guess = closest(key, known);
    refuse({
      field: field ? `${field}.${key}` : key,
      value: value[key],
      limit: `a known ${noun} of ${what}`,
      message: `${JSON.stringify(key)} is not ${noun === "option" ? "an" : "a"} ${noun} of ${what}${guess ? `: did you mean ${JSON.stringify(guess)}?` : ""} (known: ${known.join(", ")})`,
    });
  }
}

/** An iterable that is not a string (a string is iterable, but never a list of messages or leases). */
export function checkIterable(
  field: string,
  value: unknown,
  limit: string,
): asserts value is Iterable<unknown> {
  const iterable =
    typeof value === "object" &&
    value !== null &&
    typeof (value as Iterable<unknown>)[Symbol.iterator] === "function";
  if (!iterable) refuse({ field, value, limit });
}

/** The known key a mistyped one most resembles, if any is close enough to be a plausible typo. */
export function closest(key: string, known: readonly string[]): string | undefined {
  const wanted = normalize(key);
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(wanted.length / 4)) + 1;
  for (const candidate of known) {
    const other = normalize(candidate);
    // A shortened name (`delay` for `delaySeconds`, `base` for `baseMs`) is as plausible as a typo.
    const shortened =
      Math.min(wanted.length, other.length) >= 3 && (other.startsWith(wanted) || wanted.startsWith(other));
    const distance = shortened ? 1 : editDistance(wanted, other);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** Case, `_` and `-` do not count: `batch_size`, `BatchSize` and `batch-size` all mean `batchSize`. */
const normalize = (key: string) => key.replace(/[_-]/g, "").toLowerCase();

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two neighbouring
 * characters (`--prot` for `--port` is one edit): the optimal string alignment distance.
 */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(
        rows[i - 1]![j]! + 1,
        row[j - 1]! + 1,
        rows[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      row[j] = best;
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}
