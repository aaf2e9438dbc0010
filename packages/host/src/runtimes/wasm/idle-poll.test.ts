import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { IdlePoll, POLL_BUDGET_MS } from "./idle-poll.js";

describe("IdlePoll", () => {
  it("polls only after a wait short enough for a poll to have caught it, and only with a second core", () => {
    const poll = new IdlePoll();
    expect(poll.worthIt).toBe(false); // nothing seen yet: sleep
    poll.waited(POLL_BUDGET_MS / 2);
    expect(poll.worthIt).toBe(availableParallelism() > 1);
    poll.waited(POLL_BUDGET_MS * 10);
    expect(poll.worthIt).toBe(false);
    poll.waited(Number.POSITIVE_INFINITY); // a poll that caught nothing
    expect(poll.worthIt).toBe(false);
  });
});
