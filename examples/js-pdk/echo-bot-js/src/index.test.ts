// Through the package entry once the lead re-exports it from @holomush/testkit.
import { installJsPdkStandIn, type JsPdkStandIn } from "@holomush/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { handle_event } from "./index.js";

const say = (message: unknown, actor_kind = 0) =>
  JSON.stringify({
    id: "01JGXYZ123ABC456DEF789GHI",
    stream: "location:room1",
    type: "say",
    timestamp: 1737195000000,
    actor_kind,
    actor_id: "player123",
    payload: JSON.stringify({ message }),
  });

let pdk: JsPdkStandIn | undefined;
afterEach(() => pdk?.uninstall());

describe("echo-bot-js", () => {
  it("echoes a character's say on the same stream", () => {
    pdk = installJsPdkStandIn({ pluginName: "echo-bot-js", hostFunctions: ["log"] });
    const { status, output } = pdk.call(handle_event, say("Hello, world!"));
    expect(status).toBe(0);
    expect(JSON.parse(output ?? "")).toEqual({
      events: [{ stream: "location:room1", type: "say", payload: '{"message":"Echo: Hello, world!"}' }],
    });
    expect(pdk.backend.logs).toEqual([{ level: "debug", message: "echoing", fields: { stream: "location:room1" } }]);
  });

  it("ignores plugin actors, other types and empty messages with no output", () => {
    pdk = installJsPdkStandIn({ hostFunctions: ["log"] });
    for (const input of [say("hi", 2), say(""), say(undefined), say("hi").replace('"say"', '"pose"')]) {
      expect(pdk.call(handle_event, input)).toEqual({ status: 0, output: undefined });
    }
  });
});
