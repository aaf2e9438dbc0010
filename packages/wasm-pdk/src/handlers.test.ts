// Unit tests of the wrapper alone, with the js-pdk globals faked in-line.
// The faithful stand-in (and host functions) is tested in @holomush/testkit.
import { afterEach, describe, expect, it } from "vitest";
import type { GuestEvent } from "./abi-types.js";
import { encodeEmit, onCommand, onEvent, toTypedEvent } from "./handlers.js";

const scope = globalThis as Record<string, unknown>;

function fakeHost(input: unknown) {
  const output: string[] = [];
  scope.Host = {
    inputString: () => JSON.stringify(input),
    outputString: (text: string) => output.push(text),
    getFunctions: () => ({}),
  };
  scope.Memory = { fromString: () => ({}), find: () => ({}) };
  return output;
}

afterEach(() => {
  delete scope.Host;
  delete scope.Memory;
});

const say: GuestEvent = {
  id: "01JGXYZ123ABC456DEF789GHIJ",
  stream: "location:room1",
  type: "say",
  timestamp: 1737195000000,
  actor_kind: 0,
  actor_id: "player123",
  payload: '{"message":"Hello, world!"}',
};

describe("onEvent", () => {
  it("hands the handler a typed event with its payload parsed and writes the outcome", () => {
    const output = fakeHost(say);
    const handle = onEvent<{ message: string }>((event) => ({
      events: [{ stream: event.stream, type: "say", payload: { message: `Echo: ${event.payload.message}` } }],
    }));
    expect(handle()).toBe(0);
    expect(output.map((text) => JSON.parse(text))).toEqual([
      { events: [{ stream: "location:room1", type: "say", payload: '{"message":"Echo: Hello, world!"}' }] },
    ]);
  });

  it("writes nothing for 'no action' and JSON-encodes a cancel/mutate result", () => {
    const silent = fakeHost(say);
    onEvent(() => undefined)();
    expect(silent).toEqual([]);
    const output = fakeHost(say);
    onEvent(() => ({ result: { cancel: false, payload: { message: "hi" }, reason: "tidy" } }))();
    expect(JSON.parse(output[0] ?? "")).toEqual({
      events: [],
      result: { cancel: false, payload: '{"message":"hi"}', reason: "tidy" },
    });
  });

  it("refuses to run without the PDK globals, with a message saying how to get them", () => {
    expect(() => onEvent(() => undefined)()).toThrow(/extism-js|stand-in/);
  });
});

describe("onCommand", () => {
  it("writes the response with events encoded", () => {
    const output = fakeHost({ command: "roll", args: "2d6" });
    onCommand((request) => ({
      status: "ok",
      output: `rolled ${request.args}`,
      events: [{ stream: "location:a", type: "roll" }],
    }))();
    expect(JSON.parse(output[0] ?? "")).toEqual({
      status: "ok",
      output: "rolled 2d6",
      events: [{ stream: "location:a", type: "roll", payload: "{}" }],
    });
  });
});

describe("codecs", () => {
  it("keeps payloadText and tolerates a payload that is not a JSON object", () => {
    expect(toTypedEvent({ ...say, payload: "not json" })).toMatchObject({ payload: {}, payloadText: "not json" });
    expect(toTypedEvent({ ...say, payload: "[1,2]" }).payload).toEqual({});
    expect(toTypedEvent({ ...say, payload: "" }).payload).toEqual({});
  });

  it("encodes emit payloads as JSON text, keeping strings as given", () => {
    expect(encodeEmit({ stream: "s", type: "t", payload: '{"a":1}' }).payload).toBe('{"a":1}');
    expect(encodeEmit({ stream: "s", type: "t", payload: { a: 1 } }).payload).toBe('{"a":1}');
  });
});
