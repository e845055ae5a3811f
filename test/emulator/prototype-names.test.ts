// Ids that are also the names of Object.prototype's members: no user string may be looked up in a
// plain object, or `__proto__` finds the prototype, `constructor` finds Object, and so on.
import { afterEach, describe, expect, it } from "vitest";
import { createEmulator, EmulatorConfigError } from "../../src/emulator/index.js";
import { startEmulator, TRANSPORTS, type Harness, type TransportKind } from "../helpers/emulator.js";

const NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];

describe.each(TRANSPORTS)("prototype-named ids (%s)", (kind: TransportKind) => {
  let h: Harness;
  afterEach(() => h?.close());

  it.each(NAMES)("queue %s: 404 in strict mode, and a refused request creates nothing", async (id) => {
    h = await startEmulator(kind, { strict: true, queues: { known: {} } });
    for (const suffix of ["", "/batch", "/pull", "/ack"]) {
      const body = suffix === "" ? { body: {} } : suffix === "/batch" ? { messages: [{ body: {} }] } : {};
      const answer = await h.post(id, suffix, body);
      expect(answer.status, `${id}${suffix}`).toBe(404);
      expect(answer.json.errors[0].code).toBe(10104);
    }
    expect(h.emulator.queueIds()).toEqual([]);
    expect(h.emulator.metrics(id)).toBeUndefined();
  });

  it.each(NAMES)("queue %s: outside strict mode it is a queue like any other", async (id) => {
    h = await startEmulator(kind, { queues: { [id]: { batch_size: 1 } } as never });
    const q = h.client.queue(id);
    await q.sendBatch([{ body: { n: 1 } }, { body: { n: 2 } }]);
    expect((await q.pull()).messages).toHaveLength(1); // its configured batch_size
    expect(h.emulator.queueIds()).toEqual([id]);
  });

  it.each(NAMES)("lease id %s: ack and retry answer a warning keyed by it", async (leaseId) => {
    h = await startEmulator(kind);
    const answer = await h.post("q", "/ack", {
      acks: [{ lease_id: leaseId }],
      retries: [{ lease_id: leaseId }],
    });
    expect(answer.status).toBe(200);
    expect(answer.json.result.ackCount).toBe(0);
    expect(answer.json.result.retryCount).toBe(0);
    expect(Object.keys(answer.json.result.warnings)).toEqual([leaseId]);
    expect(Object.hasOwn(answer.json.result.warnings, leaseId)).toBe(true);
    expect(answer.json.result.warnings[leaseId]).toMatch(/lease not found/);
  });
});

describe("prototype-named keys in the configuration", () => {
  it.each(["constructor", "toString", "hasOwnProperty", "__proto__"])(
    "an unknown key %s is refused, naming it",
    (key) => {
      for (const config of [
        JSON.parse(`{"${key}": true}`),
        JSON.parse(`{"queues": {"q": {"${key}": 1}}}`),
        JSON.parse(`{"faults": {"rules": [{"op": "pull", "fault": "503", "${key}": 1}]}}`),
      ]) {
        expect(() => createEmulator(config)).toThrow(EmulatorConfigError);
        expect(() => createEmulator(config)).toThrow(`unknown key`);
      }
    },
  );
});
