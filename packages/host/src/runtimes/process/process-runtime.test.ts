import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { GetSceneRequestSchema, GetSceneResponseSchema, ServiceConfigSchema } from "@holomush/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isHostError } from "../../errors.js";
import { fixturesDir, prepareFixturePlugins } from "./__fixtures__/fixture-plugins.js";
import {
  callOptions,
  commandRequest,
  createFixtureRuntime,
  deliver,
  echoManifest,
  emptyConfig,
  eventually,
  firstPayload,
  isRunning,
} from "./__fixtures__/test-host.js";

const command = (name: string) => ({ name, help: "", usage: "", aliases: [], capabilities: [] });

describe("process runtime: load, handshake and calls", () => {
  const fixture = createFixtureRuntime({ dialInTokens: { "echo-dial": "dial-in-secret" } });
  afterAll(() => fixture.runtime.close());

  it("handshakes, inits, and round-trips events, sink emits, commands and brokered services", async () => {
    const { instance, host } = await fixture.load(echoManifest("echo-basic", { commands: [command("world")] }));
    await instance.init?.(emptyConfig(), callOptions());
    const outcome = await deliver(instance, { seq: 7, sink: true });
    expect(outcome?.events?.[0]?.type).toBe("echo");
    expect(firstPayload(outcome)).toMatchObject({ seq: 7, seen: 1 });
    expect(host.emitted).toEqual([expect.objectContaining({ stream: "test:sink", type: "sunk" })]);
    const reply = await instance.handleCommand?.(commandRequest("world", "42"), callOptions());
    expect(reply?.output).toBe("you are in Room 42");
    await instance.shutdown("test over");
  });

  it("maps a cancellable event's result to the outcome", async () => {
    const { instance } = await fixture.load(echoManifest("echo-cancel"));
    await instance.init?.(emptyConfig(), callOptions());
    const outcome = await deliver(instance, { cancel: true });
    expect(outcome?.result).toMatchObject({ cancel: true, reason: "fixture cancels" });
    await instance.shutdown("test over");
  });

  it("refuses a plugin with no common api version, naming both sides", async () => {
    const error = await fixture
      .load(echoManifest("echo-old", {}, { env: { FIXTURE_API_VERSIONS: "v0,v0.5" } }))
      .catch((e: unknown) => e);
    expect(isHostError(error, "API_VERSION_UNSUPPORTED")).toBe(true);
    expect((error as Error).message).toContain("[v0, v0.5]");
    expect((error as Error).message).toContain("[v1]");
  });

  it("refuses a hello that names another plugin", async () => {
    const error = await fixture
      .load(echoManifest("echo-liar", {}, { env: { FIXTURE_HELLO_NAME: "echo-basic" } }))
      .catch((e: unknown) => e);
    expect(isHostError(error, "PERMISSION_DENIED")).toBe(true);
    expect((error as Error).message).toContain('names plugin "echo-basic"');
  });

  it("refuses a hello offering a service the manifest does not provide", async () => {
    const error = await fixture
      .load(echoManifest("echo-offers", {}, { env: { FIXTURE_PROVIDES_SCENES: "1" } }))
      .catch((e: unknown) => e);
    expect(isHostError(error, "SERVICE_NOT_DECLARED")).toBe(true);
    expect(fixture.services.resolve("holomush.scene.v1.SceneService")).toBeUndefined();
  });

  it("fails the load cleanly when Init fails, with the plugin's message, and stops the process", async () => {
    const { instance } = await fixture.load(echoManifest("echo-init", { config: { failInit: "no database" } }));
    const pid = instance.pid;
    expect(isRunning(pid)).toBe(true);
    const error = await instance.init?.(emptyConfig(), callOptions()).catch((e: unknown) => e);
    expect(isHostError(error, "PLUGIN_INIT_FAILED")).toBe(true);
    expect((error as Error).message).toContain("init refused: no database");
    await eventually(() => !isRunning(pid));
  });

  it("hands Init the broker addresses, the manifest config and the agreed api version", async () => {
    const { instance } = await fixture.load(
      echoManifest(
        "echo-config",
        { config: { greeting: "hi" }, provides: ["holomush.scene.v1.SceneService"] },
        { env: { FIXTURE_PROVIDES_SCENES: "1" } },
      ),
    );
    await instance.init?.(create(ServiceConfigSchema, { connectionString: "postgres://x" }), callOptions());
    const entry = fixture.services.resolve("holomush.scene.v1.SceneService");
    expect(entry?.owner).toBe("echo-config");
    // A provided service is callable through the directory, tunnelled over the plugin's stream.
    const request = toBinary(GetSceneRequestSchema, create(GetSceneRequestSchema, { sceneId: "s9" }));
    const bytes = await fixture.services.call("holomush.scene.v1.SceneService", "GetScene", request, "other-plugin");
    const response = fromBinary(GetSceneResponseSchema, bytes);
    expect(response.scene).toMatchObject({ id: "s9", title: "asked by other-plugin" });
    await instance.shutdown("test over");
    expect(fixture.services.resolve("holomush.scene.v1.SceneService")).toBeUndefined();
  });

  it("refuses a call to a service the plugin did not declare", async () => {
    const { instance } = await fixture.load(echoManifest("echo-sneak", { commands: [command("sneak")] }));
    await instance.init?.(emptyConfig(), callOptions());
    const reply = await instance.handleCommand?.(commandRequest("sneak"), callOptions());
    expect(reply?.output).toBe("refused: SERVICE_NOT_DECLARED");
    await instance.shutdown("test over");
  });

  it("surfaces host error codes to the plugin (FocusClient)", async () => {
    const { instance } = await fixture.load(echoManifest("echo-focus", { commands: [command("present")] }));
    await instance.init?.(emptyConfig(), callOptions());
    const reply = await instance.handleCommand?.(commandRequest("present", "scene-1"), callOptions());
    expect(reply?.output).toBe("FOCUS_NOT_MEMBER");
    await instance.shutdown("test over");
  });

  // 10,000 round trips to a real process: seconds alone, more on a loaded machine (nothing here measures speed).
  it("delivers 10,000 events in order", { timeout: 30_000 }, async () => {
    const { instance } = await fixture.load(echoManifest("echo-order"));
    await instance.init?.(emptyConfig(), callOptions());
    const seen: number[] = [];
    for (let seq = 0; seq < 10_000; seq++) {
      const outcome = await deliver(instance, { seq }, 5000, seq);
      seen.push(firstPayload(outcome).seq as number);
    }
    expect(seen).toEqual(Array.from({ length: 10_000 }, (_, seq) => seq));
    await instance.shutdown("test over");
  });

  it("accepts a dial-in plugin started outside the host with the operator's token", async () => {
    const source = echoManifest("echo-dial", {}, { executable: undefined });
    const loading = fixture.load(source);
    const child = spawn(process.execPath, [join(fixturesDir, "echo-plugin", "plugin.mjs")], {
      env: {
        PATH: process.env.PATH ?? "",
        HOLOMUSH_HOST_ADDRESS: fixture.runtime.address,
        HOLOMUSH_PLUGIN_NAME: "echo-dial",
        HOLOMUSH_PLUGIN_VERSION: "1.0.0",
        HOLOMUSH_PLUGIN_TOKEN: "dial-in-secret",
      },
      stdio: "ignore",
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const { instance } = await loading;
    await instance.init?.(emptyConfig(), callOptions());
    expect(firstPayload(await deliver(instance, { seq: 1 }))).toMatchObject({ seq: 1, pid: child.pid });
    await instance.shutdown("test over");
    expect(await exited).toBe(0);
  });
});

describe("a dial-in plugin whose hello was refused", () => {
  const fixture = createFixtureRuntime({ dialInTokens: { "echo-redial": "redial-secret" }, dialInTimeoutMs: 20_000 });
  afterAll(() => fixture.runtime.close());

  const dialIn = (version: string) => {
    const child = spawn(process.execPath, [join(fixturesDir, "echo-plugin", "plugin.mjs")], {
      env: {
        PATH: process.env.PATH ?? "",
        HOLOMUSH_HOST_ADDRESS: fixture.runtime.address,
        HOLOMUSH_PLUGIN_NAME: "echo-redial",
        HOLOMUSH_PLUGIN_VERSION: version,
        HOLOMUSH_PLUGIN_TOKEN: "redial-secret",
      },
      stdio: "ignore",
    });
    return new Promise<number | null>((resolve) => child.once("exit", resolve));
  };

  it("keeps the load waiting so the operator can fix it and dial again", async () => {
    const source = echoManifest("echo-redial", {}, { executable: undefined });
    let settled = false;
    const loading = fixture.load(source).finally(() => {
      settled = true;
    });
    // The wrong version is refused (the plugin exits 1) but the load does not fail for good.
    expect(await dialIn("9.9.9")).toBe(1);
    expect(settled).toBe(false);
    const fixed = dialIn("1.0.0");
    const { instance } = await loading;
    await instance.init?.(emptyConfig(), callOptions());
    expect(firstPayload(await deliver(instance, { seq: 7 }))).toMatchObject({ seq: 7 });
    await instance.shutdown("test over");
    expect(await fixed).toBe(0);
  });

  it("asks the host for its own load wait, longer than the host's init timeout", () => {
    const dialInSource = echoManifest("echo-redial", {}, { executable: undefined });
    expect(fixture.runtime.loadTimeoutMs?.(dialInSource)).toBe(21_000);
    expect(fixture.runtime.loadTimeoutMs?.(echoManifest("spawned"))).toBeUndefined();
  });
});

describe("a plugin started by hand outside a host", () => {
  it("names the missing HOLOMUSH_* variables on stderr and exits with code 2", async () => {
    prepareFixturePlugins();
    const child = spawn(process.execPath, [join(fixturesDir, "echo-plugin", "plugin.mjs")], {
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toContain("HOLOMUSH_PLUGIN_NAME, HOLOMUSH_HOST_ADDRESS, HOLOMUSH_PLUGIN_TOKEN");
    expect(stderr).toContain("HoloMUSH process plugin");
  });
});

describe("process runtime: executables", () => {
  const fixture = createFixtureRuntime();
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "holomush-exe-test-"));
  });
  afterAll(async () => {
    await fixture.runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sourceIn = (pluginDir: string, executable: string) => ({
    ...echoManifest("bad-exe", {}, { executable }),
    dir: pluginDir,
  });

  it("refuses a missing executable at load", async () => {
    const error = await fixture.load(sourceIn(dir, "nope")).catch((e: unknown) => e);
    expect(isHostError(error, "EXECUTABLE_INVALID")).toBe(true);
  });

  it("refuses a file that is not executable", async () => {
    writeFileSync(join(dir, "plain.mjs"), "console.log('hi')\n");
    chmodSync(join(dir, "plain.mjs"), 0o644);
    const error = await fixture.load(sourceIn(dir, "plain.mjs")).catch((e: unknown) => e);
    expect(isHostError(error, "EXECUTABLE_INVALID")).toBe(true);
    expect((error as Error).message).toContain("not executable");
  });

  it("refuses an executable whose real path escapes the plugin directory", async () => {
    const pluginDir = mkdtempSync(join(dir, "plugin-"));
    symlinkSync(process.execPath, join(pluginDir, "escape"));
    const error = await fixture.load(sourceIn(pluginDir, "escape")).catch((e: unknown) => e);
    expect(isHostError(error, "PATH_ESCAPES_PLUGIN_DIR")).toBe(true);
  });
});
