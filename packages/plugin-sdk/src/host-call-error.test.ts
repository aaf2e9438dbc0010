import { Code, ConnectError } from "@connectrpc/connect";
import { ErrorDetailSchema } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import { FocusError, HostCallError, isFocusError, toHostCallError } from "./host-call-error.js";

describe("toHostCallError", () => {
  it("takes the stable code from the ErrorDetail", () => {
    const wire = new ConnectError("not a member", Code.FailedPrecondition, undefined, [
      {
        desc: ErrorDetailSchema,
        value: { code: "FOCUS_NOT_MEMBER", message: "not a member", metadata: { plugin: "p" } },
      },
    ]);
    const error = toHostCallError(wire, FocusError);
    expect(error).toBeInstanceOf(FocusError);
    expect([error.code, error.connectCode, error.details]).toEqual([
      "FOCUS_NOT_MEMBER",
      Code.FailedPrecondition,
      { plugin: "p" },
    ]);
    expect(isFocusError(error, "FOCUS_NOT_MEMBER")).toBe(true);
  });

  it("falls back to the Connect code's name without a detail", () => {
    const error = toHostCallError(new ConnectError("gone", Code.Unavailable));
    expect(error).toBeInstanceOf(HostCallError);
    expect(error.code).toBe("UNAVAILABLE");
    expect(toHostCallError(new Error("boom")).code).toBe("UNKNOWN");
  });
});
