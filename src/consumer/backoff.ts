/**
 * Waits that double from `minMs` to `maxMs` while something keeps failing (or keeps finding the
 * queue empty), each drawn at random in [half, whole) so that consumers do not poll in step, and
 * that start over as soon as it succeeds.
 */
export class Backoff {
  readonly #minMs: number;
  readonly #maxMs: number;
  readonly #random: () => number;
  #failures = 0;

  constructor({ minMs, maxMs }: { minMs: number; maxMs: number }, random: () => number = Math.random) {
    this.#minMs = minMs;
    this.#maxMs = maxMs;
    this.#random = random;
  }

  /** The wait after one more failure. */
  next(): number {
    const ceiling = Math.min(this.#maxMs, this.#minMs * 2 ** this.#failures);
    this.#failures++;
    return Math.floor(ceiling / 2 + this.#random() * (ceiling / 2));
  }

  reset(): void {
    this.#failures = 0;
  }

  /** Whether the last call was `reset` (or none was made). */
  get clear(): boolean {
    return this.#failures === 0;
  }
}
