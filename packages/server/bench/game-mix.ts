/**
 * What a simulated player of the whole-game benchmark types, and which line
 * answers it at the player: each command is handled by one kind of plugin
 * from examples/ (in-process, WASM, Lua, process), and its "echo" is the
 * first line that proves that plugin did its part.
 */

export type PluginKind = "in-process" | "wasm" | "lua" | "process";

export interface GameCommand {
  /** The line the player sends. */
  line: string;
  /** Which plugin kind answers it. */
  kind: PluginKind;
  /** True for the line that answers this command at the player. */
  answers(line: string): boolean;
}

/** The plugins the benchmark loads: one or two per kind. */
export const GAME_PLUGINS = ["core-communication", "echo-bot", "lua-communication", "greeter"] as const;

/**
 * The player's `step`-th command, cycling through the mix. A player starts in
 * the square; its `go` commands alternate north and south, so it is always in
 * the square or the tavern.
 */
export function gameCommand(player: string, step: number): GameCommand {
  const tag = `${player}-${step}`;
  const cycle = ["say", "pose", "ooc", "say", "roll", "go"] as const;
  const verb = cycle[step % cycle.length] as (typeof cycle)[number];
  switch (verb) {
    case "say": {
      // echo-bot (WASM) echoes every character's say.
      const echo = `echo-bot says, "Echo: ${tag}"`;
      return { line: `say ${tag}`, kind: "wasm", answers: (line) => line === echo };
    }
    case "pose": {
      // core-communication (in-process) publishes the pose; the room, the player too, sees it.
      const pose = `${player} waves (${tag})`;
      return { line: `pose waves (${tag})`, kind: "in-process", answers: (line) => line === pose };
    }
    case "ooc": {
      // lua-communication (Lua) emits the OOC line to the room.
      const ooc = `[OOC] ${player} says, "${tag}"`;
      return { line: `ooc ${tag}`, kind: "lua", answers: (line) => line === ooc };
    }
    case "roll": {
      // greeter (a process plugin) announces the roll through its event sink.
      const prefix = `${player} rolls 2d6: `;
      return { line: "roll 2d6", kind: "process", answers: (line) => line.startsWith(prefix) };
    }
    case "go": {
      // core-communication (in-process) moves the player and shows the new room.
      const north = Math.floor(step / cycle.length) % 2 === 0;
      const room = north ? "The Salty Mug" : "Town Square";
      return { line: north ? "go north" : "go south", kind: "in-process", answers: (line) => line === room };
    }
  }
}

/** Latency figures of one set of samples (ms); zeros when there are none. */
export function latencySummary(samples: readonly number[]): { count: number; p50: number; p99: number } {
  if (samples.length === 0) return { count: 0, p50: 0, p99: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * q + 0.5))] as number;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99) };
}
