/**
 * Records a running host to a JSON-lines file (recording-format.ts): every
 * event published on any stream, and every line a session types. Writes go
 * through one append stream in order; stop() flushes and closes it.
 */
import { createWriteStream } from "node:fs";
import type { Host } from "@holomush/host";
import { RECORDING_VERSION, type RecordedCommand, recordEvent, serializeEntry } from "@holomush/host";

/** A recording in progress. */
export interface Recording {
  /** Entries written so far (events and commands). */
  readonly count: number;
  /** Stops recording, flushes and closes the file. */
  stop(): Promise<void>;
}

/**
 * Starts recording `host` to `file` (created or truncated). Commands are
 * seen through the returned host view: hand `recorded` to whatever runs
 * players' lines (the console) instead of the host itself.
 */
export function recordHost(host: Host, file: string): { recording: Recording; recorded: Host } {
  const out = createWriteStream(file, { flags: "w" });
  let count = 0;
  let stopped = false;
  const write = (text: string) => {
    if (stopped) return;
    count++;
    out.write(text);
  };
  out.write(serializeEntry({ kind: "recording", version: RECORDING_VERSION, at: Date.now() }));
  const characterName = (id: string) => host.directory.describeCharacter?.(id)?.name;
  const unwatch = host.bus.watch("*", (event) => write(serializeEntry(recordEvent(event, characterName))));
  // A view of the host whose execute() records the line first; every other member is the host's own.
  const recorded: Host = Object.create(host, {
    execute: {
      value: (sessionId: string, line: string) => {
        const session = host.sessions.get(sessionId);
        const entry: RecordedCommand = {
          kind: "command",
          at: Date.now(),
          character: { id: session.characterId, name: session.characterName },
          line,
        };
        write(serializeEntry(entry));
        return host.execute(sessionId, line);
      },
    },
  });
  return {
    recorded,
    recording: {
      get count() {
        return count;
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        unwatch();
        await new Promise<void>((resolve, reject) =>
          out.end((error?: Error | null) => (error ? reject(error) : resolve())),
        );
      },
    },
  };
}
