import { describe, expect, it } from "vitest";
import { HostErrorCode } from "../errors.js";
import { createDeliveryWatchdog, STOPPED, TIMED_OUT } from "./delivery-guard.js";

const never = () => new Promise<never>(() => {});

describe("createDeliveryWatchdog", () => {
  it("settles with the delivery's outcome when it comes first, creating no signal", async () => {
    const guard = createDeliveryWatchdog().guard("p", 1000, 5000);
    await expect(guard.race(Promise.resolve("done"))).resolves.toBe("done");
    await expect(guard.race(Promise.reject(new Error("failed")))).rejects.toThrow("failed");
    guard.dispose();
    expect(guard.deadlineMs).toBe(6000);
  });

  it("times out a delivery that never settles: race, signal and listeners all learn it", async () => {
    const guard = createDeliveryWatchdog().guard("p", 0, 20);
    const reasons: unknown[] = [];
    guard.onGiveUp((reason) => reasons.push(reason));
    await expect(guard.race(never())).resolves.toBe(TIMED_OUT);
    expect(reasons).toEqual([expect.objectContaining({ code: HostErrorCode.PLUGIN_TIMEOUT })]);
    // Read only now: created already aborted, with the same reason.
    expect(guard.signal.aborted).toBe(true);
    expect(guard.signal.reason).toBe(reasons[0]);
    const late: unknown[] = [];
    guard.onGiveUp((reason) => late.push(reason));
    expect(late).toEqual(reasons);
  });

  it("fires an earlier deadline that joined after a later one, and leaves the later one running", async () => {
    const watchdog = createDeliveryWatchdog();
    const slow = watchdog.guard("slow", 0, 60_000);
    const slowOutcome = slow.race(never());
    const quick = watchdog.guard("quick", 0, 20);
    await expect(quick.race(never())).resolves.toBe(TIMED_OUT);
    let slowGaveUp = false;
    slow.onGiveUp(() => {
      slowGaveUp = true;
    });
    expect(slowGaveUp).toBe(false);
    slow.stop();
    await expect(slowOutcome).resolves.toBe(STOPPED);
    expect(slowGaveUp).toBe(true);
  });

  it("stop gives up as STOPPED with a 'queue closed' reason, once", async () => {
    const guard = createDeliveryWatchdog().guard("p", 0, 60_000);
    const signal = guard.signal;
    const outcome = guard.race(never());
    guard.stop();
    guard.stop();
    await expect(outcome).resolves.toBe(STOPPED);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe("delivery to p queue closed");
  });

  it("a disposed guard never fires", async () => {
    const watchdog = createDeliveryWatchdog();
    const disposed = watchdog.guard("p", 0, 10);
    let fired = false;
    disposed.onGiveUp(() => {
      fired = true;
    });
    disposed.dispose();
    // A later guard past the first deadline proves the watchdog ran meanwhile.
    const later = watchdog.guard("p", 0, 30);
    await expect(later.race(never())).resolves.toBe(TIMED_OUT);
    expect(fired).toBe(false);
  });
});
