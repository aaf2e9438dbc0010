#!/usr/bin/env node
// A process plugin that misbehaves on request (the reliability suite copies it
// into each plugin directory). Each event's JSON payload picks the fault; the
// environment picks start-up faults. Answers every other event with an echo
// on `test:out` carrying its seq and pid.
import { existsSync, writeFileSync } from "node:fs";
import { getPriority } from "node:os";
import { join } from "node:path";
import { serve } from "@holomush/plugin-sdk";

// The nice value this process started with (a restart starts at a lower priority).
const startNice = getPriority();

// Start-up faults: always exit, or exit on every start after the first one.
if (process.env.FAULT_EXIT_AT_START === "1") process.exit(1);
const marker = process.env.FAULT_STATE_DIR ? join(process.env.FAULT_STATE_DIR, "started") : undefined;
if (marker && process.env.FAULT_EXIT_ON_RESTART === "1") {
  if (existsSync(marker)) process.exit(2);
  writeFileSync(marker, String(process.pid));
}

let sink;

const handler = {
  setEventSink: (value) => {
    sink = value;
  },
  async handleEvent(event) {
    const payload = JSON.parse(event.payload || "{}");
    if (payload.crash) process.exit(3);
    if (payload.spin) for (;;);
    // Slow but alive: answers health checks while the event overruns its deadline.
    if (payload.sleepMs) await new Promise((resolve) => setTimeout(resolve, payload.sleepMs));
    if (payload.garbage) {
      process.stdout.write("\u0000\u00ff\ufffd not a frame {{{{ \x1b[2J\n".repeat(50));
      process.stderr.write("garbage on stderr too\n");
    }
    // As fast as the host answers, one after another; it goes on after this event is answered.
    if (payload.flood) {
      void (async () => {
        for (let i = 0; i < payload.flood; i++) {
          await sink.emit({ stream: "test:flood", type: "flood", payload: { i } }).catch(() => undefined);
        }
      })();
    }
    return [
      {
        stream: "test:out",
        type: "echo",
        payload: JSON.stringify({
          seq: payload.seq ?? null,
          pid: process.pid,
          startNice,
          nice: getPriority(),
        }),
      },
    ];
  },
};

await serve({ handler });
