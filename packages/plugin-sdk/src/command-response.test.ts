import { CommandStatus } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import {
  errorf,
  failuref,
  fatalf,
  isSuccess,
  MAX_COMMAND_OUTPUT_BYTES,
  ok,
  statusFromName,
  statusToName,
} from "./command-response.js";
import { isPluginSdkError } from "./errors.js";

describe("command responses", () => {
  it("ok carries the output and events", () => {
    const response = ok("Hello, Alice!", [{ stream: "location:room1", type: "say", payload: "{}" }]);
    expect(response.status).toBe(CommandStatus.OK);
    expect(response.output).toBe("Hello, Alice!");
    expect(response.events).toHaveLength(1);
    expect(response.events[0]?.$typeName).toBe("holomush.plugin.v1.EmitEvent");
    expect(isSuccess(response)).toBe(true);
  });

  it("errorf, failuref and fatalf set their status and format like Go", () => {
    expect(errorf("unknown subcommand: %s", "frob")).toMatchObject({
      status: CommandStatus.ERROR,
      output: "unknown subcommand: frob",
    });
    expect(failuref("%d scenes, %v, %j", 3, "busy", { a: 1 }).output).toBe('3 scenes, busy, {"a":1}');
    expect(failuref("x").status).toBe(CommandStatus.FAILURE);
    expect(fatalf("%s", "boom").status).toBe(CommandStatus.FATAL);
    expect(isSuccess(errorf("no"))).toBe(false);
  });

  it("treats %% as a literal percent with or without arguments, and %%v as literal %v", () => {
    expect(errorf("100%%").output).toBe("100%");
    expect(errorf("%d%% done, %%v", 50).output).toBe("50% done, %v");
  });

  it("accepts output up to 8192 UTF-8 bytes and names the limit beyond it", () => {
    expect(ok("é".repeat(MAX_COMMAND_OUTPUT_BYTES / 2)).output).toHaveLength(4096);
    expect(() => ok("é".repeat(MAX_COMMAND_OUTPUT_BYTES / 2 + 1))).toThrow(RangeError);
    expect(() => errorf("%s", "x".repeat(8193))).toThrow(/8193 bytes; the limit is 8192/);
  });

  it("maps statuses to names and back", () => {
    for (const [status, name] of [
      [CommandStatus.UNSPECIFIED, "unspecified"],
      [CommandStatus.OK, "ok"],
      [CommandStatus.ERROR, "error"],
      [CommandStatus.FAILURE, "failure"],
      [CommandStatus.FATAL, "fatal"],
    ] as const) {
      expect(statusToName(status)).toBe(name);
      expect(statusFromName(name)).toBe(status);
    }
    expect(statusFromName("FAILURE")).toBe(CommandStatus.FAILURE);
    expect(statusFromName("COMMAND_STATUS_FATAL")).toBe(CommandStatus.FATAL);
    expect(statusToName(99 as CommandStatus)).toBe("unspecified");
  });

  it("refuses an unknown status name with COMMAND_STATUS_UNKNOWN", () => {
    let caught: unknown;
    try {
      statusFromName("success");
    } catch (error) {
      caught = error;
    }
    expect(isPluginSdkError(caught, "COMMAND_STATUS_UNKNOWN")).toBe(true);
    expect((caught as Error).message).toContain('"success"');
  });
});
