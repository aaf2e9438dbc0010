import { describe, expect, it } from "vitest";
import { eventSubject } from "./event-subjects.js";

describe("eventSubject", () => {
  it("maps each stream part to one subject token", () => {
    expect(eventSubject("location:room1")).toBe("holomush.events.location.room1");
    expect(eventSubject("system:plugins")).toBe("holomush.events.system.plugins");
  });

  it("escapes characters NATS reserves, so no stream reaches another's subject or a wildcard", () => {
    expect(eventSubject("a.b")).toBe("holomush.events.a_2Eb");
    expect(eventSubject("a:>")).toBe("holomush.events.a._3E");
    expect(eventSubject("scene::ic")).toBe("holomush.events.scene._.ic");
    expect(eventSubject("café")).toBe("holomush.events.caf_C3_A9");
  });

  it("never gives two streams the same subject", () => {
    const streams = ["a.b", "a:b", "a_2Eb", "a_b", "a:", "a:_", "a", "A"];
    const subjects = new Set(streams.map(eventSubject));
    expect(subjects.size).toBe(streams.length);
  });
});
