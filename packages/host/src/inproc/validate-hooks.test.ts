import { describe, expect, it } from "vitest";
import { HostErrorCode } from "../errors.js";
import type { InprocPlugin } from "./inproc-plugin.js";
import { validateHooks } from "./validate-hooks.js";

const messages = (plugin: InprocPlugin) => validateHooks("greeter", plugin).map((error) => error.message);

describe("validateHooks", () => {
  it("accepts a plugin with valid hooks and options", () => {
    expect(
      validateHooks("greeter", {
        name: "greeter",
        stateKeys: ["count"],
        hookOptions: { filterEvent: { tryfirst: true } },
        startup() {},
        filterEvent: (event) => event,
        handleEvent() {},
      }),
    ).toEqual([]);
  });

  it("names the plugin, the hook and the reason for each problem", () => {
    const errors = validateHooks("greeter", {
      handleEvents() {},
      filterEvent(_a: unknown, _b: unknown) {},
      hookOptions: { validateEvent: { tryfirst: true, trylast: true }, startup: { tryfirst: true } },
      validateEvent() {},
      startup() {},
    } as unknown as InprocPlugin);
    expect(errors.every((error) => error.code === HostErrorCode.HOOK_INVALID && error.plugin === "greeter")).toBe(true);
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringMatching(/^plugin greeter: hook handleEvents: unknown hook/),
      expect.stringMatching(/^plugin greeter: hook filterEvent: declares 2 parameters, at most 1/),
      expect.stringMatching(/^plugin greeter: hook validateEvent: tryfirst and trylast are mutually exclusive/),
      expect.stringMatching(/^plugin greeter: hook startup: not orderable/),
    ]);
  });

  it("refuses a name that disagrees with the manifest and bad stateKeys", () => {
    expect(messages({ name: "other" })).toEqual([expect.stringMatching(/hook name: object says "other"/)]);
    expect(messages({ stateKeys: [1] as unknown as string[] })).toEqual([expect.stringMatching(/stateKeys/)]);
  });
});
