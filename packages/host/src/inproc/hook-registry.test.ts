import { create } from "@bufbuild/protobuf";
import { type Event, EventSchema } from "@holomush/proto";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { EventSubscription } from "../manifest/manifest.js";
import { createHookRegistry, type HookEntry } from "./hook-registry.js";
import type { InprocPlugin } from "./inproc-plugin.js";

const interceptAll: EventSubscription[] = [{ stream: "*", types: [], intercept: true }];
const say = create(EventSchema, { stream: "location:square", type: "say", payload: '{"message":"hi"}' });

function entry(name: string, plugin: InprocPlugin, priority = 50, loadOrder = 0): HookEntry {
  return { name, plugin, priority, loadOrder, subscriptions: interceptAll };
}

describe("hook order (tryfirst / normal / trylast, then priority, then load order)", () => {
  it("calls filterEvent implementations in the documented order, each seeing the last change", async () => {
    const calls: string[] = [];
    const appender = (name: string) => (event: Event) => {
      calls.push(name);
      const payload = JSON.parse(event.payload) as { message: string };
      return create(EventSchema, { ...event, payload: JSON.stringify({ message: `${payload.message}+${name}` }) });
    };
    const registry = createHookRegistry({ logger: pino({ level: "silent" }) });
    registry.add(
      entry("late", { filterEvent: appender("late"), hookOptions: { filterEvent: { trylast: true } } }, 1, 0),
    );
    registry.add(entry("normal-b", { filterEvent: appender("normal-b") }, 50, 2));
    registry.add(entry("normal-a", { filterEvent: appender("normal-a") }, 50, 1));
    registry.add(entry("urgent", { filterEvent: appender("urgent") }, 10, 3));
    registry.add(
      entry("first", { filterEvent: appender("first"), hookOptions: { filterEvent: { tryfirst: true } } }, 99, 4),
    );
    const verdict = await registry.runEventHooks(say);
    expect(calls).toEqual(["first", "urgent", "normal-a", "normal-b", "late"]);
    expect(JSON.parse(verdict.event.payload).message).toBe("hi+first+urgent+normal-a+normal-b+late");
    expect(verdict.cancelled).toBe(false);
  });

  it("stops at the first validateEvent failure and names the plugin", async () => {
    const calls: string[] = [];
    const registry = createHookRegistry({ logger: pino({ level: "silent" }) });
    registry.add(entry("ok", { validateEvent: () => void calls.push("ok") }, 1));
    registry.add(
      entry("strict", {
        validateEvent: () => {
          calls.push("strict");
          throw new Error("no shouting");
        },
      }),
    );
    registry.add(entry("never", { validateEvent: () => void calls.push("never") }, 90));
    const verdict = await registry.runEventHooks(say);
    expect(verdict).toMatchObject({ cancelled: true, by: "strict", reason: "no shouting" });
    expect(calls).toEqual(["ok", "strict"]);
  });

  it("blocks on a null filter result, ignores invalid payloads and broken filters", async () => {
    const registry = createHookRegistry({ logger: pino({ level: "silent" }) });
    registry.add(
      entry(
        "broken",
        {
          filterEvent: () => {
            throw new Error("bug");
          },
        },
        1,
      ),
    );
    registry.add(
      entry("garbage", { filterEvent: (event) => create(EventSchema, { ...event, payload: "{not json" }) }, 2),
    );
    const passed = await registry.runEventHooks(say);
    expect(passed).toMatchObject({ cancelled: false });
    expect(passed.event.payload).toBe(say.payload);
    registry.add(entry("blocker", { filterEvent: () => null }, 3));
    expect(await registry.runEventHooks(say)).toMatchObject({ cancelled: true, by: "blocker" });
  });

  it("only consults plugins whose intercept subscriptions match the event", async () => {
    const registry = createHookRegistry({ logger: pino({ level: "silent" }) });
    registry.add({
      ...entry("elsewhere", {
        validateEvent: () => {
          throw new Error("not mine");
        },
      }),
      subscriptions: [{ stream: "scene:*", types: [], intercept: true }],
    });
    registry.add({
      ...entry("passive", {
        validateEvent: () => {
          throw new Error("only watching");
        },
      }),
      subscriptions: [{ stream: "*", types: [], intercept: false }],
    });
    expect((await registry.runEventHooks(say)).cancelled).toBe(false);
  });

  it("collects metrics in hook order, dropping non-numbers", () => {
    const registry = createHookRegistry({ logger: pino({ level: "silent" }) });
    registry.add(entry("a", { metrics: () => ({ seen: 3, bad: Number.NaN }) }));
    expect(registry.collectMetrics()).toEqual({ a: { seen: 3 } });
  });
});

describe("hooks that never settle", () => {
  it("skips a hung validateEvent and filterEvent at the deadline with PLUGIN_TIMEOUT; later hooks still run", async () => {
    const lines: Array<{ msg: string; plugin: string; err: { code: string } }> = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const registry = createHookRegistry({ logger, timeoutMs: 30 });
    const never = () => new Promise<never>(() => undefined);
    registry.add(entry("hung", { validateEvent: never, filterEvent: never }, 10));
    registry.add(
      entry("after", {
        filterEvent: (event: Event) => create(EventSchema, { ...event, payload: '{"message":"changed"}' }),
      }),
    );
    const verdict = await registry.runEventHooks(say);
    expect(verdict.cancelled).toBe(false);
    expect(verdict.event.payload).toBe('{"message":"changed"}');
    expect(lines.map((line) => [line.msg, line.plugin, line.err.code])).toEqual([
      ["in-process hook timed out", "hung", "PLUGIN_TIMEOUT"],
      ["in-process hook timed out", "hung", "PLUGIN_TIMEOUT"],
    ]);
  });
});
