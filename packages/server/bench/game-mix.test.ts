import { describe, expect, it } from "vitest";
import { gameChartSpec, renderGameChart } from "./game-chart.js";
import { gameCommand, latencySummary } from "./game-mix.js";

describe("the whole-game command mix", () => {
  it("cycles through every plugin kind, each answered by its own line", () => {
    const commands = Array.from({ length: 6 }, (_, step) => gameCommand("Ada", step));
    expect(commands.map((command) => command.line)).toEqual([
      "say Ada-0",
      "pose waves (Ada-1)",
      "ooc Ada-2",
      "say Ada-3",
      "roll 2d6",
      "go north",
    ]);
    expect(new Set(commands.map((command) => command.kind))).toEqual(new Set(["wasm", "in-process", "lua", "process"]));
    expect(commands[0]?.answers('echo-bot says, "Echo: Ada-0"')).toBe(true);
    expect(commands[0]?.answers('Ada says, "Ada-0"')).toBe(false);
    expect(commands[1]?.answers("Ada waves (Ada-1)")).toBe(true);
    expect(commands[2]?.answers('[OOC] Ada says, "Ada-2"')).toBe(true);
    expect(commands[4]?.answers("Ada rolls 2d6: 3 + 4 = 7.")).toBe(true);
    expect(commands[4]?.answers("Bob rolls 2d6: 3 + 4 = 7.")).toBe(false);
    expect(commands[5]?.answers("The Salty Mug")).toBe(true);
  });

  it("alternates go north and go south, so a player stays between the square and the tavern", () => {
    expect(gameCommand("Ada", 5).line).toBe("go north");
    expect(gameCommand("Ada", 11).line).toBe("go south");
    expect(gameCommand("Ada", 11).answers("Town Square")).toBe(true);
    expect(gameCommand("Ada", 17).line).toBe("go north");
  });

  it("answers a command only with the asking player's line", () => {
    expect(gameCommand("Ada", 0).answers('echo-bot says, "Echo: Bob-0"')).toBe(false);
  });
});

describe("latencySummary", () => {
  it("takes the nearest-rank p50 and p99", () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(latencySummary(samples)).toEqual({ count: 100, p50: 51, p99: 99 });
  });

  it("is all zeros without samples", () => {
    expect(latencySummary([])).toEqual({ count: 0, p50: 0, p99: 0 });
  });
});

describe("the game chart", () => {
  const rows = [
    { players: 10, commandsPerSecond: 10, lostPerSecond: 0, p50Ms: 1, p99Ms: 5, cpuPercent: 9, rssMiB: 180 },
    { players: 100, commandsPerSecond: 95, lostPerSecond: 1, p50Ms: 2, p99Ms: 20, cpuPercent: 50, rssMiB: 210 },
  ];

  it("plots latency, throughput and host cost against players on a log axis", () => {
    const spec = gameChartSpec(rows, "a run") as { hconcat: Array<{ encoding: { x: { scale: { type: string } } } }> };
    expect(spec.hconcat).toHaveLength(3);
    for (const panel of spec.hconcat) expect(panel.encoding.x.scale.type).toBe("log");
  });

  it("leaves a size where nothing was answered out of the latency panel", () => {
    const saturated = [...rows, { ...rows[1], players: 1000, p50Ms: null, p99Ms: null }];
    const spec = gameChartSpec(saturated, "a run") as { hconcat: Array<{ transform: unknown[] }> };
    expect(spec.hconcat[0]?.transform).toContainEqual({ filter: "isValid(datum.value)" });
  });

  it("renders a PNG", async () => {
    const png = await renderGameChart([...rows, { ...rows[1], players: 1000, p50Ms: null, p99Ms: null }], "a run");
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(1000);
  });
});
