/**
 * Replays a recording made by `holomush-host record` (or `run --record`)
 * against the plugins loaded in a test host, so a bug seen in a running game
 * becomes a test (docs/record-replay.md).
 *
 * - Character events are delivered as a test character of the same name
 *   (created on first use), as cancellable events like the host does.
 * - System events are delivered as the system, except the recording host's
 *   plugin lifecycle (`system:plugins`), which describes other plugins.
 * - Plugin events are skipped by default: what plugins publish during the
 *   replay is the result being observed. `includePluginEvents` replays them
 *   as their plugin (e.g. another plugin's output the one under test reacts to).
 * - Command lines are typed by the character who typed them.
 * A test character is connected the first time it is needed, which publishes
 * its own `arrive`, as connecting does in a real host.
 */
import { readFile } from "node:fs/promises";
import { parseRecording, type RecordedEntry } from "@holomush/host";
import type { CommandStatus, Event } from "@holomush/proto";
import type { TestHost } from "./create-test-host.js";
import type { TestCharacter } from "./test-character.js";

/** Options of replayRecording. */
export interface ReplayOptions {
  /** Also replay events plugins published in the recording, as those plugins. Default false. */
  includePluginEvents?: boolean;
}

/** One recorded command as replayed, with what the test host answered. */
export interface ReplayedCommand {
  /** The name of the character who ran it. */
  character: string;
  /** The command line as recorded. */
  line: string;
  /** What the dispatcher answered, or the error's message when it threw. */
  output: string;
  /** The command's status; absent when dispatching threw (e.g. an unknown command). */
  status?: CommandStatus;
}

/** What replayRecording did. */
export interface ReplayReport {
  /** Recorded events delivered to the test host. */
  delivered: number;
  /** Recorded events left out (plugin output, the recording host's lifecycle events). */
  skipped: number;
  /** The recorded commands, in order, with their replies. */
  commands: ReplayedCommand[];
  /** Every event the loaded plugins published during the replay, in order. */
  emitted: Event[];
}

/** Reads and parses a recording file; malformed lines are refused with file and line. */
export async function readRecording(file: string): Promise<RecordedEntry[]> {
  return parseRecording(await readFile(file, "utf8"), file);
}

/**
 * Replays a recording (a file, or parsed entries) against the test host: characters' commands and recorded events, in order.
 */
export async function replayRecording(
  t: TestHost,
  recording: string | readonly RecordedEntry[],
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  const entries = typeof recording === "string" ? await readRecording(recording) : recording;
  const characters = new Map<string, TestCharacter>();
  const character = async (name: string) => {
    let found = characters.get(name);
    if (found === undefined) {
      found = await t.character(name);
      characters.set(name, found);
    }
    return found;
  };
  const before = new Set(t.emitted().map((event) => event.id));
  const report: ReplayReport = { delivered: 0, skipped: 0, commands: [], emitted: [] };
  for (const entry of entries) {
    if (entry.kind === "command") {
      const who = await character(entry.character.name);
      try {
        const outcome = await who.run(entry.line);
        report.commands.push({ character: who.name, line: entry.line, output: outcome.output, status: outcome.status });
      } catch (error) {
        report.commands.push({ character: who.name, line: entry.line, output: (error as Error).message });
      }
      continue;
    }
    const { actor } = entry;
    const skip =
      (actor.kind === "plugin" && !options.includePluginEvents) ||
      (actor.kind === "system" && entry.stream === "system:plugins");
    if (skip) {
      report.skipped++;
      continue;
    }
    const as =
      actor.kind === "character"
        ? (await character(actor.name ?? actor.id)).actor
        : actor.kind === "plugin"
          ? { kind: "plugin" as const, id: actor.id }
          : ("system" as const);
    await t.deliver({ stream: entry.stream, type: entry.type, payload: entry.payload, actor: as });
    report.delivered++;
  }
  await t.idle();
  report.emitted = t.emitted({ actor: { kind: "plugin" } }).filter((event) => !before.has(event.id));
  return report;
}
