import { describe, expect, it } from "vitest";
import { IdlePoll, POLL_BUDGET_MS } from "./idle-poll.js";

describe("IdlePoll", () => {
  it("polls only after a wait short enough for a poll to have caught it", () => {
    const poll = new IdlePoll(() => true);
    expect(poll.worthIt(0)).toBe(false); // nothing seen yet: sleep
    poll.waited(POLL_BUDGET_MS / 2);
    expect(poll.worthIt(0)).toBe(true);
    poll.waited(POLL_BUDGET_MS * 10);
    expect(poll.worthIt(0)).toBe(false);
    poll.waited(Number.POSITIVE_INFINITY); // a poll that caught nothing
    expect(poll.worthIt(0)).toBe(false);
  });

  it("never polls when the other processes leave no core free", () => {
    const poll = new IdlePoll(() => false);
    poll.waited(POLL_BUDGET_MS / 2);
    expect(poll.worthIt(0)).toBe(false);
  });

  it("pauses once a polling thread is seen losing its core", () => {
    const poll = new IdlePoll(() => true);
    poll.waited(POLL_BUDGET_MS / 2);
    expect(poll.keepPolling(0.003, 100)).toBe(true); // one read's time: still on its core
    expect(poll.keepPolling(3, 100)).toBe(false); // a timeslice went elsewhere
    expect(poll.worthIt(101)).toBe(false);
    expect(poll.worthIt(1000)).toBe(true);
  });
});
