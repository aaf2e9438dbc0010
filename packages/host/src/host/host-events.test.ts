import { create } from "@bufbuild/protobuf";
import { ActorKind, type Event, EventSchema } from "@holomush/proto";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createHost, type Host } from "./create-host.js";

const logger = pino({ level: "silent" });
let host: Host | undefined;

afterEach(async () => {
  await host?.stop();
  host = undefined;
});

const sayFrom = (target: Host, message: string, cancellable = true) =>
  target.publish({
    stream: "location:square",
    type: "say",
    payload: JSON.stringify({ message }),
    actorKind: ActorKind.CHARACTER,
    actorId: "c1",
    cancellable,
  });

describe("in-process event hooks through the host", () => {
  it("lets validateEvent cancel and filterEvent mutate a character's event before anyone sees it", async () => {
    host = await createHost({ logger });
    const seen: string[] = [];
    const intercept = [{ stream: "location:*", types: ["say"], intercept: true }];
    await host.registerPlugin(
      { name: "moderator", version: "1.0.0", events: intercept },
      {
        validateEvent(event) {
          if (event.payload.includes("forbidden")) throw new Error("language!");
        },
      },
    );
    await host.registerPlugin(
      { name: "shouter", version: "1.0.0", events: intercept },
      {
        filterEvent: (event) =>
          create(EventSchema, { ...event, payload: event.payload.replace(/"message":"([^"]*)"/, '"message":"$1!"') }),
      },
    );
    await host.registerPlugin(
      { name: "listener", version: "1.0.0", events: [{ stream: "location:*", types: ["say"] }] },
      { handleEvent: (event: Event) => void seen.push(JSON.parse(event.payload).message) },
    );
    await host.start();
    const cancelled = await sayFrom(host, "a forbidden word");
    expect(cancelled).toMatchObject({ cancelled: true, cancelledBy: "moderator", reason: "language!" });
    const passed = await sayFrom(host, "hello");
    expect(passed.cancelled).toBe(false);
    await host.bus.idle();
    expect(seen).toEqual(["hello!"]);
    const stored = await host.history.query({ stream: "location:square" });
    expect(stored.entries.map((entry) => JSON.parse(entry.event.payload).message)).toEqual(["hello!"]);
  });

  it("does not let a hanging plugin delay another plugin, and skips its timed-out events", async () => {
    host = await createHost({ logger });
    const fast: string[] = [];
    const slowStarted: string[] = [];
    const events = [{ stream: "location:*", types: ["say"] }];
    await host.registerPlugin(
      { name: "sloth", version: "1.0.0", events, delivery: { "timeout-ms": 100 } },
      {
        handleEvent(event: Event) {
          slowStarted.push(JSON.parse(event.payload).message);
          return new Promise(() => {});
        },
      },
    );
    await host.registerPlugin(
      { name: "hare", version: "1.0.0", events },
      { handleEvent: (event: Event) => void fast.push(JSON.parse(event.payload).message) },
    );
    await host.start();
    for (const word of ["one", "two", "three"]) await sayFrom(host, word, false);
    await host.bus.idle();
    expect(fast).toEqual(["one", "two", "three"]);
    // Each event reached the sloth once, in order, after the previous one timed out.
    expect(slowStarted).toEqual(["one", "two", "three"]);
    expect(host.bus.stats().sloth?.timeouts).toBe(3);
    expect(host.bus.stats().hare?.timeouts).toBe(0);
  });

  it("reports each plugin's queue depth when scraped", async () => {
    host = await createHost({ logger, metricsPort: 0 });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await host.registerPlugin(
      { name: "slow", version: "1.0.0", events: [{ stream: "location:*", types: [] }] },
      { handleEvent: () => held },
    );
    await host.start();
    for (const message of ["one", "two", "three"]) await sayFrom(host, message, false);
    const scrape = async () => (await fetch(`http://127.0.0.1:${host?.metricsPort}/metrics`)).text();
    // The first is being delivered; two wait.
    expect(await scrape()).toMatch(/holomush_queue_depth\{plugin="slow"\} 2/);
    release();
    await host.bus.idle();
    expect(await scrape()).toMatch(/holomush_queue_depth\{plugin="slow"\} 0/);
  });

  it("serves per-plugin metrics in Prometheus format on the opt-in port", async () => {
    host = await createHost({ logger, metricsPort: 0 });
    await host.registerPlugin(
      { name: "counter", version: "1.0.0", events: [{ stream: "location:*", types: [] }] },
      { handleEvent() {}, metrics: () => ({ widgets: 7 }) },
    );
    await host.start();
    await sayFrom(host, "hi", false);
    await host.bus.idle();
    const response = await fetch(`http://127.0.0.1:${host.metricsPort}/metrics`);
    const body = await response.text();
    expect(response.status).toBe(200);
    expect(body).toMatch(/holomush_events_delivered_total\{plugin="counter"\} 1/);
    expect(body).toMatch(/holomush_delivery_seconds_count\{plugin="counter"\} 1/);
    expect(body).toMatch(/holomush_plugin_metric\{plugin="counter",metric="widgets"\} 7/);
    expect(body).toMatch(/holomush_queue_depth\{plugin="counter"\} 0/);
  });
});
