import { describe, expect, it } from "vitest";
import { HostError, HostErrorCode } from "../errors.js";
import { checkEmit, checkEventShape, fenceEmit, utf8Length } from "./emit-fence.js";

const plugin = { name: "echo", emits: ["location", "character"] };

describe("checkEmit", () => {
  it("accepts a well-formed event and normalises an empty payload", () => {
    expect(checkEmit(plugin, { stream: "location:room1", type: "say", payload: '{"a":1}' })).toBeUndefined();
    expect(fenceEmit(plugin, { stream: "location:room1", type: "say" })).toEqual({
      stream: "location:room1",
      type: "say",
      payload: "{}",
    });
    expect(fenceEmit(plugin, { stream: "character", type: "a.b-c_d9", payload: "[]" }).payload).toBe("[]");
  });

  it.each([
    ["empty stream", { stream: "", type: "say" }, HostErrorCode.EMIT_STREAM_INVALID, "stream"],
    ["whitespace in stream", { stream: "location:room 1", type: "say" }, HostErrorCode.EMIT_STREAM_INVALID, "stream"],
    ["control char in stream", { stream: "location:\n", type: "say" }, HostErrorCode.EMIT_STREAM_INVALID, "stream"],
    [
      "stream over 256",
      { stream: `location:${"x".repeat(250)}`, type: "say" },
      HostErrorCode.EMIT_STREAM_INVALID,
      "stream",
    ],
    ["undeclared namespace", { stream: "global:chat", type: "say" }, HostErrorCode.EMIT_NAMESPACE_UNDECLARED, "stream"],
    ["prefix of a namespace", { stream: "loc:1", type: "say" }, HostErrorCode.EMIT_NAMESPACE_UNDECLARED, "stream"],
    ["empty type", { stream: "location:1", type: "" }, HostErrorCode.EMIT_TYPE_INVALID, "type"],
    ["uppercase type", { stream: "location:1", type: "Say" }, HostErrorCode.EMIT_TYPE_INVALID, "type"],
    ["type over 64", { stream: "location:1", type: `a${"b".repeat(64)}` }, HostErrorCode.EMIT_TYPE_INVALID, "type"],
    [
      "invalid JSON",
      { stream: "location:1", type: "say", payload: "{nope" },
      HostErrorCode.EMIT_PAYLOAD_INVALID,
      "payload",
    ],
    [
      "payload over 64 KiB",
      { stream: "location:1", type: "say", payload: JSON.stringify("x".repeat(65535)) },
      HostErrorCode.EMIT_PAYLOAD_TOO_LARGE,
      "payload",
    ],
    [
      "multi-byte payload over 64 KiB",
      { stream: "location:1", type: "say", payload: JSON.stringify("é".repeat(32768)) },
      HostErrorCode.EMIT_PAYLOAD_TOO_LARGE,
      "payload",
    ],
  ])("refuses %s", (_label, event, code, field) => {
    const error = checkEmit(plugin, event, 3);
    expect(error).toBeInstanceOf(HostError);
    expect(error?.code).toBe(code);
    expect(error?.plugin).toBe("echo");
    expect(error?.field).toBe(`events[3].${field}`);
    expect(error?.message).toMatch(/^plugin echo: /);
    expect(() => fenceEmit(plugin, event, 3)).toThrow(HostError);
  });

  it("accepts a payload of exactly 64 KiB", () => {
    const payload = JSON.stringify("x".repeat(65534));
    expect(utf8Length(payload)).toBe(65536);
    expect(checkEmit(plugin, { stream: "location:1", type: "say", payload })).toBeUndefined();
  });

  it("names the declared namespaces when refusing", () => {
    expect(checkEmit(plugin, { stream: "global:x", type: "say" })?.message).toMatch(/declared: location, character/);
    expect(checkEmit({ name: "mute", emits: [] }, { stream: "global:x", type: "say" })?.message).toMatch(
      /declared: none/,
    );
  });
});

describe("fenceEmit with replyEmits", () => {
  const replier = { name: "echo-bot", emits: [], replyEmits: true };
  const cause = { stream: "location:square" };

  it("lets a handler answer on the stream of the event it handles, and nowhere else", () => {
    expect(fenceEmit(replier, { stream: "location:square", type: "say" }, 0, cause).stream).toBe("location:square");
    expect(() => fenceEmit(replier, { stream: "location:other", type: "say" }, 0, cause)).toThrow(
      expect.objectContaining({ code: HostErrorCode.EMIT_NAMESPACE_UNDECLARED }),
    );
    expect(() => fenceEmit(replier, { stream: "location:square", type: "say" })).toThrow(HostError);
  });

  it("keeps every other check and grants nothing without the flag", () => {
    expect(() => fenceEmit(replier, { stream: "location:square", type: "Bad Type" }, 0, cause)).toThrow(
      expect.objectContaining({ code: HostErrorCode.EMIT_TYPE_INVALID }),
    );
    expect(() => fenceEmit({ name: "mute", emits: [] }, { stream: "location:square", type: "say" }, 0, cause)).toThrow(
      expect.objectContaining({ code: HostErrorCode.EMIT_NAMESPACE_UNDECLARED }),
    );
  });
});

describe("checkEventShape", () => {
  it("checks shape without the namespace rule", () => {
    expect(checkEventShape({ stream: "anything:1", type: "say", payload: "" })).toEqual({
      stream: "anything:1",
      type: "say",
      payload: "{}",
    });
    const error = checkEventShape({ stream: "a", type: "say", payload: "nope" });
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).field).toBe("payload");
  });
});

describe("utf8Length", () => {
  it("counts like TextEncoder", () => {
    for (const text of ["", "abc", "é", "€", "😀", "a\ud800b", "\udc00"]) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});
