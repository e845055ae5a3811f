/**
 * A small reference model of the emulator's queue semantics, for property tests: plain maps and
 * loops, no heaps, so that it is easy to trust and independent of the implementation.
 */
export interface ModelMessage {
  n: number;
  attempts: number;
  state: "available" | "leased";
  availableAt: number;
  leaseExpiry: number;
  leases: string[];
}

export class ModelQueue {
  readonly messages = new Map<number, ModelMessage>();
  readonly leases = new Map<string, ModelMessage>();
  constructor(
    readonly maxRetries: number,
    readonly deadLetter: ModelQueue | undefined,
  ) {}

  add(n: number, availableAt: number): void {
    this.messages.set(n, { n, attempts: 0, state: "available", availableAt, leaseExpiry: 0, leases: [] });
  }

  advance(now: number): void {
    for (const m of [...this.messages.values()].sort((a, b) => a.leaseExpiry - b.leaseExpiry)) {
      if (m.state === "leased" && m.leaseExpiry <= now) this.failed(m, m.leaseExpiry, now);
    }
  }

  available(now: number): ModelMessage[] {
    return [...this.messages.values()].filter((m) => m.state === "available" && m.availableAt <= now);
  }

  leased(m: ModelMessage, leaseId: string, expiry: number): void {
    m.state = "leased";
    m.attempts++;
    m.leaseExpiry = expiry;
    m.leases.push(leaseId);
    this.leases.set(leaseId, m);
  }

  /** Returns whether the lease was known (counted by the emulator). */
  ack(leaseId: string): boolean {
    const m = this.leases.get(leaseId);
    if (!m) return false;
    this.remove(m);
    return true;
  }

  /** Counts only under the message's current, live lease (`advance` has already ended expired ones). */
  retry(leaseId: string, availableAt: number, now: number): boolean {
    const m = this.leases.get(leaseId);
    if (!m || m.leases[m.leases.length - 1] !== leaseId || m.state !== "leased") return false;
    this.failed(m, availableAt, now);
    return true;
  }

  private failed(m: ModelMessage, availableAt: number, now: number): void {
    if (m.attempts >= this.maxRetries + 1) {
      this.remove(m);
      this.deadLetter?.add(m.n, now);
    } else {
      m.state = "available";
      m.availableAt = availableAt;
    }
  }

  private remove(m: ModelMessage): void {
    this.messages.delete(m.n);
    for (const lease of m.leases) this.leases.delete(lease);
  }
}
