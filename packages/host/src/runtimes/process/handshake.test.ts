import { create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { ErrorDetailSchema, PluginHelloSchema } from "@holomush/proto";
import { describe, expect, it } from "vitest";
import { HostError, HostErrorCode } from "../../errors.js";
import { echoManifest } from "./__fixtures__/test-host.js";
import { toConnectError } from "./connect-errors.js";
import { checkHello } from "./handshake.js";

const { manifest } = echoManifest("greeter", {
  commands: [{ name: "greet", help: "", usage: "", aliases: [], capabilities: [] }],
  provides: ["holomush.scene.v1.SceneService"],
});
interface HelloFields {
  name?: string;
  version?: string;
  apiVersions?: string[];
  commands?: string[];
  providedServices?: string[];
}
const hello = (fields: HelloFields = {}) =>
  create(PluginHelloSchema, { name: "greeter", version: "1.0.0", apiVersions: ["v1"], ...fields });

function refusal(fields: HelloFields): HostError {
  try {
    checkHello(hello(fields), manifest, ["v1"]);
  } catch (error) {
    return error as HostError;
  }
  throw new Error("expected the hello to be refused");
}

describe("checkHello", () => {
  it("agrees on the plugin's most preferred version the host speaks", () => {
    expect(checkHello(hello({ apiVersions: ["v2", "v1"] }), manifest, ["v1"])).toBe("v1");
    expect(
      checkHello(hello({ commands: ["greet"], providedServices: ["holomush.scene.v1.SceneService"] }), manifest, [
        "v1",
      ]),
    ).toBe("v1");
  });

  it("refuses what the manifest does not declare", () => {
    expect(refusal({ name: "other" }).code).toBe(HostErrorCode.PERMISSION_DENIED);
    expect(refusal({ version: "2.0.0" }).code).toBe(HostErrorCode.HANDSHAKE_INVALID);
    expect(refusal({ commands: ["greet", "nuke"] }).message).toContain("nuke");
    expect(refusal({ providedServices: ["x.v1.Y"] }).code).toBe(HostErrorCode.SERVICE_NOT_DECLARED);
  });

  it("names both sides' versions when none is shared, and maps to FailedPrecondition on the wire", () => {
    const error = refusal({ apiVersions: ["v9"] });
    expect(error.message).toBe("no common api version: plugin greeter speaks [v9], host supports [v1]");
    const wire = toConnectError(error);
    expect(wire.code).toBe(Code.FailedPrecondition);
    expect(wire.findDetails(ErrorDetailSchema)[0]).toMatchObject({
      code: "API_VERSION_UNSUPPORTED",
      metadata: { plugin: "greeter", field: "hello.api_versions" },
    });
  });
});

describe("toConnectError", () => {
  it("maps host codes to Connect codes and keeps the code in an ErrorDetail", () => {
    const cases: [HostErrorCode, Code][] = [
      [HostErrorCode.KV_KEY_INVALID, Code.InvalidArgument],
      [HostErrorCode.EMIT_NAMESPACE_UNDECLARED, Code.PermissionDenied],
      [HostErrorCode.SESSION_NOT_FOUND, Code.NotFound],
      [HostErrorCode.FOCUS_NOT_MEMBER, Code.FailedPrecondition],
      [HostErrorCode.STORAGE_UNAVAILABLE, Code.Unavailable],
      [HostErrorCode.MANIFEST_YAML, Code.Internal],
    ];
    for (const [code, expected] of cases) {
      const wire = toConnectError(new HostError(code, "why"));
      expect([wire.code, wire.findDetails(ErrorDetailSchema)[0]?.code]).toEqual([expected, code]);
    }
    expect(toConnectError(new Error("boom")).findDetails(ErrorDetailSchema)[0]?.code).toBe("PLUGIN_CALL_FAILED");
  });
});
