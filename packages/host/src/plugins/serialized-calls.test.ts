import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { HostError, HostErrorCode } from "../errors.js";
import { createSerializedCaller } from "./serialized-calls.js";

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A full garbage collection, without starting the test runner with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

describe("createSerializedCaller", () => {
  it("never runs two calls at once and keeps their order", async () => {
    const caller = createSerializedCaller("p");
    const log: string[] = [];
    let active = 0;
    const job = (name: string) => async () => {
      active += 1;
      expect(active).toBe(1);
      log.push(`start ${name}`);
      await settle();
      log.push(`end ${name}`);
      active -= 1;
      return name;
    };
    const results = await Promise.all([caller.call("a", 1000, job("a")), caller.call("b", 1000, job("b"))]);
    expect(results).toEqual(["a", "b"]);
    expect(log).toEqual(["start a", "end a", "start b", "end b"]);
  });

  it("times out a hung call, aborts its signal and lets the next call run", async () => {
    const caller = createSerializedCaller("p");
    let seenSignal: AbortSignal | undefined;
    const hung = caller.call("hung", 20, (signal) => {
      seenSignal = signal;
      return new Promise<never>(() => {});
    });
    const next = caller.call("next", 1000, async () => "ran");
    await expect(hung).rejects.toMatchObject({ code: HostErrorCode.PLUGIN_TIMEOUT });
    expect(seenSignal?.aborted).toBe(true);
    await expect(next).resolves.toBe("ran");
  });

  it("skips a call its caller gave up on before its turn, and ends one abandoned mid-way", async () => {
    const caller = createSerializedCaller("p");
    const controller = new AbortController();
    let ran = false;
    const blocker = caller.call("blocker", 1000, () => new Promise<never>(() => {}), controller.signal);
    const stale = caller.call(
      "stale",
      1000,
      async () => {
        ran = true;
      },
      controller.signal,
    );
    controller.abort();
    await expect(blocker).rejects.toMatchObject({ code: HostErrorCode.PLUGIN_TIMEOUT });
    await expect(stale).rejects.toMatchObject({ code: HostErrorCode.PLUGIN_TIMEOUT });
    expect(ran).toBe(false);
    await caller.idle();
  });

  it("keeps no pipelined call's result alive once it settled, however long pipelining lasts", async () => {
    const caller = createSerializedCaller("p");
    const pipelined = { pipelined: true };
    let first: WeakRef<object> | undefined;
    // Never a plain call in between: the pipelined chain itself must not hold results.
    await caller.call(
      "first",
      1000,
      async () => {
        const result = { big: "x".repeat(1024) };
        first = new WeakRef(result);
        return result;
      },
      undefined,
      pipelined,
    );
    for (let index = 0; index < 20; index++) {
      await caller.call("next", 1000, async () => ({ index }), undefined, pipelined);
    }
    await settle();
    collectGarbage();
    await settle();
    collectGarbage();
    expect(first?.deref()).toBeUndefined();
  });

  it("lets pipelined calls overlap, while a plain call waits for all of them and they wait for it", async () => {
    const caller = createSerializedCaller("p");
    const log: string[] = [];
    const gates: Array<() => void> = [];
    const job = (name: string) => () =>
      new Promise<string>((resolve) => {
        log.push(`start ${name}`);
        gates.push(() => {
          log.push(`end ${name}`);
          resolve(name);
        });
      });
    const pipelined = { pipelined: true };
    const first = caller.call("first", 1000, job("first"));
    const a = caller.call("a", 1000, job("a"), undefined, pipelined);
    const b = caller.call("b", 1000, job("b"), undefined, pipelined);
    const command = caller.call("command", 1000, job("command"));
    const c = caller.call("c", 1000, job("c"), undefined, pipelined);
    await settle();
    // a and b wait for the plain call before them...
    expect(log).toEqual(["start first"]);
    gates.shift()?.();
    await settle();
    // ...then start together; the command waits for both.
    expect(log).toEqual(["start first", "end first", "start a", "start b"]);
    gates.shift()?.();
    await settle();
    expect(log.slice(4)).toEqual(["end a"]);
    gates.shift()?.();
    await settle();
    expect(log.slice(5)).toEqual(["end b", "start command"]);
    gates.shift()?.();
    await settle();
    // c was made after the command: it waited for it.
    expect(log.slice(7)).toEqual(["end command", "start c"]);
    gates.shift()?.();
    expect(await Promise.all([first, a, b, command, c])).toEqual(["first", "a", "b", "command", "c"]);
    await caller.idle();
  });
});

describe("createSerializedCaller guarded calls (the event queue owns deadline and abort)", () => {
  /** A give-up hook like the queue's delivery guard: `fire` gives up with a PLUGIN_TIMEOUT reason. */
  function giveUpHook() {
    const listeners: Array<(reason: unknown) => void> = [];
    return {
      onGiveUp: (listener: (reason: unknown) => void) => void listeners.push(listener),
      fire: (message: string) => {
        const reason = new HostError(HostErrorCode.PLUGIN_TIMEOUT, message);
        for (const listener of listeners) listener(reason);
      },
    };
  }

  it("keeps the order and exclusivity of plain calls around it", async () => {
    const caller = createSerializedCaller("p");
    const log: string[] = [];
    const hook = giveUpHook();
    const first = caller.call("first", 1000, async () => {
      log.push("start first");
      await settle();
      log.push("end first");
    });
    const guarded = caller.guarded(async () => {
      log.push("start guarded");
      await settle();
      log.push("end guarded");
      return "guarded";
    }, hook.onGiveUp);
    const last = caller.call("last", 1000, async () => void log.push("last"));
    await Promise.all([first, last]);
    await expect(guarded).resolves.toBe("guarded");
    expect(log).toEqual(["start first", "end first", "start guarded", "end guarded", "last"]);
  });

  it("frees the turn when given up mid-way (the call then settles as the plugin's promise does)", async () => {
    const caller = createSerializedCaller("p");
    const hook = giveUpHook();
    let started = false;
    let settled = false;
    const hung = caller.guarded(() => {
      started = true;
      return new Promise<never>(() => {});
    }, hook.onGiveUp);
    void hung.finally(() => {
      settled = true;
    });
    const next = caller.call("next", 1000, async () => "ran");
    await settle();
    expect(started).toBe(true);
    hook.fire("delivery to p timed out");
    await expect(next).resolves.toBe("ran");
    await caller.idle();
    expect(settled).toBe(false);
  });

  it("frees the turn of a call given up mid-way that had to wait for it", async () => {
    const caller = createSerializedCaller("p");
    const first = caller.call("first", 1000, async () => "first");
    const hook = giveUpHook();
    let started = false;
    void caller.guarded(() => {
      started = true;
      return new Promise<never>(() => {});
    }, hook.onGiveUp);
    await expect(first).resolves.toBe("first");
    await settle();
    expect(started).toBe(true);
    const next = caller.call("next", 1000, async () => "ran");
    hook.fire("delivery to p timed out");
    await expect(next).resolves.toBe("ran");
  });

  it("never runs a call given up before its turn, and runs what follows it", async () => {
    const caller = createSerializedCaller("p");
    const blockerHook = giveUpHook();
    const staleHook = giveUpHook();
    let ran = false;
    void caller.guarded(() => new Promise<never>(() => {}), blockerHook.onGiveUp);
    const stale = caller.guarded(async () => {
      ran = true;
    }, staleHook.onGiveUp);
    const after = caller.guarded(async () => "after", giveUpHook().onGiveUp);
    staleHook.fire("stale");
    await expect(stale).rejects.toMatchObject({ code: HostErrorCode.PLUGIN_TIMEOUT });
    blockerHook.fire("blocker");
    await expect(after).resolves.toBe("after");
    expect(ran).toBe(false);
  });

  it("never runs a call whose caller gave up before calling, even when the plugin is free", async () => {
    const caller = createSerializedCaller("p");
    let ran = false;
    const reason = new HostError(HostErrorCode.PLUGIN_TIMEOUT, "delivery to p timed out");
    const late = caller.guarded(
      async () => {
        ran = true;
      },
      (listener) => listener(reason),
    );
    await expect(late).rejects.toBe(reason);
    expect(ran).toBe(false);
    await expect(caller.call("next", 1000, async () => "next")).resolves.toBe("next");
  });

  it("turns a synchronous throw into a rejection and goes on", async () => {
    const caller = createSerializedCaller("p");
    const thrown = caller.guarded(() => {
      throw new Error("boom");
    }, giveUpHook().onGiveUp);
    const next = caller.guarded(async () => "next", giveUpHook().onGiveUp);
    await expect(thrown).rejects.toThrow("boom");
    await expect(next).resolves.toBe("next");
  });
});
