/**
 * `event-delivery-inproc`: one event through the whole host — publish →
 * bus → the plugin's serialized queue → an in-process plugin's handleEvent —
 * vs calling that same handleEvent directly. Same event, same run.
 */
import { create } from "@bufbuild/protobuf";
import { runBenchmark } from "@holomush/bench-kit";
import { ActorKind, type Event, EventSchema } from "@holomush/proto";
import { pino } from "pino";
import { createHost } from "../src/host/create-host.js";

export async function run(): Promise<void> {
  const host = await createHost({ logger: pino({ level: "silent" }) });
  let wake: (() => void) | undefined;
  let handled = 0;
  const plugin = {
    handleEvent(_event: Event) {
      handled += 1;
      wake?.();
    },
  };
  await host.registerPlugin(
    { name: "sink", version: "1.0.0", events: [{ stream: "location:*", types: ["say"] }] },
    plugin,
  );
  await host.start();
  const input = {
    stream: "location:square",
    type: "say",
    payload: '{"message":"hello"}',
    actorKind: ActorKind.CHARACTER,
    actorId: "c1",
  };
  const event = create(EventSchema, { ...input, id: "01JGXYZ123ABC456DEF789GHIJ", timestamp: 1n });
  await runBenchmark({
    name: "event-delivery-inproc",
    unit: "µs",
    subject: {
      name: "host.publish → in-process handleEvent",
      fn: async () => {
        const done = new Promise<void>((resolve) => {
          wake = resolve;
        });
        await host.publish(input);
        await done;
      },
    },
    baseline: { name: "direct handleEvent call", fn: async () => plugin.handleEvent(event) },
    extra: { note: "publish includes ULID, history append (in-memory) and routing" },
  });
  if (handled === 0) throw new Error("the plugin never received an event");
  await host.stop();
}
