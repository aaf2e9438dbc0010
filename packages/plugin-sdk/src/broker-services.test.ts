import { describe, expect, it } from "vitest";
import { parseBrokerServices } from "./broker-services.js";
import { PluginSdkError, type PluginSdkErrorCode } from "./errors.js";

function failure(input: Record<string, string>): { code: PluginSdkErrorCode; message: string } {
  try {
    parseBrokerServices(input);
  } catch (error) {
    if (error instanceof PluginSdkError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected parseBrokerServices to throw");
}

describe("parseBrokerServices", () => {
  it("maps service names to broker ids from a record or a Map, in order", () => {
    const record = { "holomush.world.v1.WorldService": "broker:3", "holomush.scene.v1.SceneService": "broker:0" };
    const parsed = parseBrokerServices(record);
    expect([...parsed]).toEqual([
      ["holomush.world.v1.WorldService", 3],
      ["holomush.scene.v1.SceneService", 0],
    ]);
    expect(parseBrokerServices(new Map(Object.entries(record)))).toEqual(parsed);
    expect(parseBrokerServices({})).toEqual(new Map());
    expect(parseBrokerServices({ "a.B": `broker:${Number.MAX_SAFE_INTEGER}` }).get("a.B")).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });

  it.each([
    ["", "empty"],
    ["WorldService", "fully-qualified"],
    ["holomush..WorldService", "fully-qualified"],
    ["holomush.world.v1.World Service", "fully-qualified"],
    ["1holomush.World", "fully-qualified"],
  ])("refuses service name %j", (name, hint) => {
    const { code, message } = failure({ [name]: "broker:1" });
    expect(code).toBe("SERVICE_NAME_INVALID");
    expect(message).toContain(hint);
  });

  it.each([
    ["3", "prefix"],
    ["grpc:3", "prefix"],
    ["broker:", "no id"],
    ["broker:abc", "non-numeric"],
    ["broker: 3", "non-numeric"],
    ["broker:0x10", "non-numeric"],
    ["broker:-1", "negative"],
    ["broker:1.5", "fractional"],
    ["broker:9007199254740992", "above"],
  ])("refuses broker address %j", (address, hint) => {
    const { code, message } = failure({ "holomush.world.v1.WorldService": address });
    expect(code).toBe("BROKER_ADDRESS_INVALID");
    expect(message).toContain(hint);
    expect(message).toContain("holomush.world.v1.WorldService");
  });

  it("refuses one broker id mapped to two services, naming both", () => {
    const { code, message } = failure({ "a.One": "broker:7", "b.Two": "broker:07" });
    expect(code).toBe("BROKER_ID_DUPLICATE");
    expect(message).toContain("a.One");
    expect(message).toContain("b.Two");
  });
});
