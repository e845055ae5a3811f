/** Short renderings of values for error messages: enough to recognise the value, never a whole body. */

const MAX_QUOTED = 40;

/** `"abc"`, `a string of 300 characters`, `42`, `1n`, `undefined`, `an array of 3`, `a Date`, … */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case "string":
      return value.length > MAX_QUOTED ? `a string of ${value.length} characters` : JSON.stringify(value);
    case "bigint":
      return `${value}n`;
    case "function":
    case "symbol":
      return `a ${typeof value}`;
    case "object":
      if (value === null) return "null";
      if (Array.isArray(value)) return `an array of ${value.length}`;
      return isPlainObject(value) ? "an object" : `a ${value.constructor?.name || "foreign object"}`;
    default:
      return String(value);
  }
}

/** What a value is, without showing it (for credentials): `a string`, `an empty string`, `a number`, … */
export function describeType(value: unknown): string {
  if (typeof value === "string") return value === "" ? "an empty string" : "a string";
  if (value === null || value === undefined) return String(value);
  return Array.isArray(value) ? "an array" : typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** An object literal (or `Object.create(null)`): not an array, a class instance, a Date, a Map… */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
