// toWorkerQueue: a batch handler written for q.consumeBatches, as a Worker's queue export, with the
// consumer's rules, checked on what reaches the runtime's messages (stand-ins here; workerd itself
// in workerd.test.ts). fromWorkerQueue: a Worker's queue function as a consumeBatches handler.
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { QueuesValidationError } from "../../src/index.js";
import {
  fromWorkerQueue,
  InvalidMessageError,
  toWorkerQueue,
  type PortableMessageBatch,
  type WorkerContext,
} from "../../src/workers/index.js";
import { setup, until } from "../consumer/harness.js";
import { runtimeBatch, unreadable } from "./runtime-fakes.js";

const noContext = {} as WorkerContext;

describe("toWorkerQueue: the consumer's settle rules, on the runtime's messages", () => {
  it("resolving acks what the handler left unsettled; its explicit settles win, once each", async () => {
    const { batch, calls } = runtimeBatch([{ n: 0 }, { n: 1 }, { n: 2 }]);
    let seen: PortableMessageBatch<{ n: number }> | undefined;
    const queue = toWorkerQueue<{ n: number }>(async (b) => {
      seen = b;
      void b.messages[0]!.retry({ delaySeconds: 30 });
      void b.messages[0]!.ack(); // the first settle won: changes nothing
      expect(await b.messages[1]!.ack()).toBe(true);
    });
    await queue(batch, {}, noContext);
    expect(seen!.queue).toBe("orders");
    expect(seen!.messages.map((m) => [m.id, m.body.n, m.attempts])).toEqual([
      ["m0", 0, 1],
      ["m1", 1, 1],
      ["m2", 2, 1],
    ]);
    expect(calls).toEqual([
      { id: "m0", verb: "retry", delaySeconds: 30 },
      { id: "m1", verb: "ack" },
      { id: "m2", verb: "ack" },
    ]);
  });

  it("throwing retries what is unsettled, with retryDelay; ackAll and retryAll settle only what is left", async () => {
    const thrown = runtimeBatch([{ n: 0 }, { n: 1 }, { n: 2 }], { attempts: 3 });
    const delays: [number, string][] = [];
    await toWorkerQueue(
      (b) => {
        void b.messages[0]!.ack();
        throw new Error("retry the rest");
      },
      {
        retryDelay: (message, error) => {
          delays.push([message.attempts, (error as Error).message]);
          return 7;
        },
      },
    )(thrown.batch, {}, noContext);
    expect(thrown.calls).toEqual([
      { id: "m0", verb: "ack" },
      { id: "m1", verb: "retry", delaySeconds: 7 },
      { id: "m2", verb: "retry", delaySeconds: 7 },
    ]);
    expect(delays).toEqual([
      [3, "retry the rest"],
      [3, "retry the rest"],
    ]);

    const all = runtimeBatch([{ n: 0 }, { n: 1 }, { n: 2 }]);
    await toWorkerQueue((b) => {
      void b.messages[1]!.ack();
      b.retryAll({ delaySeconds: 60 });
      b.ackAll(); // nothing is left unsettled
    })(all.batch, {}, noContext);
    expect(all.calls).toEqual([
      { id: "m1", verb: "ack" },
      { id: "m0", verb: "retry", delaySeconds: 60 },
      { id: "m2", verb: "retry", delaySeconds: 60 },
    ]);
  });

  it("without retryDelay, or when it answers nonsense, the default rule: exponential in attempts", async () => {
    const errors: unknown[] = [];
    const { batch, calls } = runtimeBatch([{ n: 0 }], { attempts: 10 }); // d = min(300, 2^9) = 300
    await toWorkerQueue(
      () => {
        throw new Error("boom");
      },
      { retryDelay: () => 1.5, onError: (error) => errors.push(error) },
    )(batch, {}, noContext);
    const retried = calls[0] as { delaySeconds: number };
    expect(retried.delaySeconds).toBeGreaterThanOrEqual(150);
    expect(retried.delaySeconds).toBeLessThanOrEqual(300);
    expect(String(errors[0])).toBe("TypeError: retryDelay must return an integer from 0 to 86400; got 1.5");
  });

  it("the handler's verdict waits for it: the queue function resolves after the handler does", async () => {
    const { batch, calls } = runtimeBatch([{ n: 0 }]);
    let finished = false;
    await toWorkerQueue(async (b) => {
      void b.messages[0]!.ack();
      await new Promise((resolve) => setTimeout(resolve, 20));
      finished = true;
    })(batch, {}, noContext);
    expect(finished).toBe(true);
    expect(calls).toEqual([{ id: "m0", verb: "ack" }]);
  });

  it("a retry delay outside 0 to 86400 throws as over HTTP: the handler failed, so its message is retried", async () => {
    const { batch, calls } = runtimeBatch([{ n: 0 }]);
    let refused: unknown;
    await toWorkerQueue(
      (b) => {
        try {
          void b.messages[0]!.retry({ delaySeconds: 86_401 });
        } catch (error) {
          refused = error;
          throw error;
        }
      },
      { retryDelay: () => 5 },
    )(batch, {}, noContext);
    expect(refused).toBeInstanceOf(QueuesValidationError);
    expect((refused as Error).message).toBe("delaySeconds must be an integer from 0 to 86400; got 86401");
    expect(calls).toEqual([{ id: "m0", verb: "retry", delaySeconds: 5 }]);
  });
});

describe("toWorkerQueue: schema and onInvalid, as the consumer's", () => {
  const Order = v.object({ order: v.pipe(v.number(), v.integer()), note: v.optional(v.string(), "none") });

  it("a valid body reaches the handler as the schema gives it back; an invalid one never does and is retried", async () => {
    const errors: unknown[] = [];
    const { batch, calls } = runtimeBatch([{ order: 1 }, { order: "x" }, { order: 2, note: "gift" }]);
    const bodies: unknown[] = [];
    await toWorkerQueue(
      (b) => {
        for (const m of b.messages) bodies.push(m.body);
      },
      { schema: Order, onError: (error) => errors.push(error), retryDelay: () => 0 },
    )(batch, {}, noContext);
    expect(bodies).toEqual([
      { order: 1, note: "none" },
      { order: 2, note: "gift" },
    ]);
    expect(calls).toEqual([
      { id: "m1", verb: "retry", delaySeconds: 0 },
      { id: "m0", verb: "ack" },
      { id: "m2", verb: "ack" },
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(InvalidMessageError);
    expect((errors[0] as InvalidMessageError).messageId).toBe("m1");
  });

  it('onInvalid "ack" drops an invalid message; a body the runtime cannot read is invalid alone', async () => {
    const errors: unknown[] = [];
    const { batch, calls } = runtimeBatch([{ order: "x" }, { order: 3 }]);
    const withUnreadable = { ...batch, messages: [...batch.messages, unreadable("m2")] };
    const handled: string[] = [];
    await toWorkerQueue(
      (b) => {
        for (const m of b.messages) handled.push(m.id);
      },
      { schema: Order, onInvalid: "ack", onError: (error) => errors.push(error) },
    )(withUnreadable, {}, noContext);
    expect(handled).toEqual(["m1"]);
    expect(calls).toEqual([
      { id: "m0", verb: "ack" },
      { id: "m1", verb: "ack" },
    ]);
    expect(errors.map((e) => (e as Error).message)).toEqual([
      expect.stringMatching(/^message m0 is invalid: /) as string,
      "message m2 is invalid: cannot read the body: could not deserialise",
    ]);
  });

  it("isLastAttempt follows maxRetries, as over HTTP", async () => {
    const last: (boolean | undefined)[] = [];
    const run = (attempts: number, maxRetries?: number) =>
      toWorkerQueue(
        (b) => {
          last.push(b.messages[0]!.isLastAttempt);
        },
        maxRetries === undefined ? {} : { maxRetries },
      )(runtimeBatch([{}], { attempts }).batch, {}, noContext);
    await run(3, 3);
    await run(4, 3);
    await run(4);
    expect(last).toEqual([false, true, undefined]);
  });

  it.each([
    [{ onInvalid: { sendTo: {} } }, /^onInvalid must be "retry" or "ack" in a Worker; got an object/],
    [
      { batchSize: 5 },
      /^"batchSize" is not an option of toWorkerQueue \(known: retryDelay, schema, onInvalid, maxRetries, onError\)$/,
    ],
    [{ schema: {} }, /^schema must be a Standard Schema validator/],
    [{ maxRetries: 101 }, /^maxRetries must be an integer from 0 to 100; got 101$/],
  ])("options are checked when it is made: %j", (options, message) => {
    expect(() => toWorkerQueue(() => {}, options as never)).toThrow(message);
  });

  it("the handler must be a function", () => {
    expect(() => toWorkerQueue("handler" as never)).toThrow(/^handler must be a function; got "handler"$/);
  });
});

describe("fromWorkerQueue: a Worker's queue function, run by q.consumeBatches", () => {
  interface Env {
    SEEN: string[];
  }

  it("gets its env and the consumer's batch; its settles and its verdict are the consumer's", async () => {
    const { q, push, backlog } = setup();
    await push(4);
    const env: Env = { SEEN: [] };
    const worker = {
      async queue(
        batch: { messages: readonly { body: { n: number }; ack(): void; retry(): void }[] },
        env: Env,
      ) {
        for (const message of batch.messages) {
          env.SEEN.push(`n${message.body.n}`);
          if (message.body.n % 2) message.retry();
        }
      },
    };
    const consumer = q.consumeBatches(fromWorkerQueue(worker.queue, env), { batchSize: 10, maxPulls: 1 });
    await until(() => consumer.stats().acked + consumer.stats().retried === 4);
    const stats = await consumer.stop();
    expect(env.SEEN.sort()).toEqual(["n0", "n1", "n2", "n3"]);
    expect(stats).toMatchObject({ acked: 2, retried: 2, handlerErrors: 0 });
    expect(backlog()).toBe(2);
  });

  it("waits for ctx.waitUntil promises; one that rejects fails the batch, as in a Worker", async () => {
    const { q, push } = setup();
    await push(2);
    let waited = false;
    const given: Promise<unknown>[] = [];
    const handler = fromWorkerQueue(
      (batch, _env, ctx) => {
        ctx.waitUntil(new Promise((resolve) => setTimeout(resolve, 20)).then(() => (waited = true)));
        if ((batch.messages[0]!.body as { n: number }).n === 0)
          ctx.waitUntil(Promise.reject(new Error("logging failed")));
      },
      {},
      { waitUntil: (promise) => void given.push(promise) },
    );
    const consumer = q.consumeBatches(handler, { batchSize: 10, maxPulls: 1, retryDelay: () => 3600 });
    await until(() => consumer.stats().retried === 2);
    const stats = await consumer.stop();
    expect(waited).toBe(true);
    expect(given).toHaveLength(2); // the caller's own waitUntil saw them too
    expect(stats).toMatchObject({ retried: 2, handlerErrors: 1 });
  });
});
