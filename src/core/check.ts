/** Argument checks that name the field, the value and the limit (a {@link QueuesValidationError}). */
import { QueuesValidationError } from "./errors.js";

export function check(ok: unknown, field: string, value: unknown, limit: string, shown?: string): void {
  if (!ok) throw new QueuesValidationError(field, value, limit, shown);
}

/** `undefined`, or an integer from `min` to `max`. */
export const checkInteger = (field: string, value: unknown, min: number, max = Infinity) =>
  check(
    value === undefined || (Number.isInteger(value) && (value as number) >= min && (value as number) <= max),
    field,
    value,
    max < Infinity ? `an integer from ${min} to ${max}` : `an integer of at least ${min}`,
  );
