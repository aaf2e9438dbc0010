/**
 * Reading one console connection: bounded lines (io/line-buffer.ts), one
 * command at a time at the connection's rate, the login and idle timeouts,
 * and backpressure — while the client's lines are not being consumed (a
 * slow command, the rate, a blocked event queue) the socket is paused, so a
 * flooding client fills its own TCP window, not the host's memory.
 */
import type net from "node:net";
import { createLineBuffer, HostErrorCode } from "@holomush/host";
import type { Logger } from "pino";
import { createCommandRate } from "./command-rate.js";
import type { ConsoleLimits } from "./console-limits.js";
import type { CloseReason, ConsoleMetrics } from "./console-metrics.js";

export interface ConsoleInputOptions {
  limits: ConsoleLimits;
  metrics: ConsoleMetrics;
  logger: Logger;
  /** Handles one line; the next line waits for it. */
  onLine(line: string): Promise<void>;
  /** Sends the client a message. */
  tell(text: string): void;
  /** Says goodbye with `message` and closes the connection. */
  close(reason: CloseReason, message: string): void;
  /** True once the client has given its name (switches login → idle timeout). */
  loggedIn(): boolean;
}

/** Removes control characters (NUL, ESC, DEL, C1…) from a line a client typed; a tab becomes a space. */
export function cleanInput(line: string): string {
  return line.replace(/\t/g, " ").replace(/\p{Cc}/gu, "");
}

/** How long a throttled client waits between two reminders that it is sending too fast. */
const THROTTLE_NOTICE_MS = 10_000;

export function readConsoleInput(socket: net.Socket, options: ConsoleInputOptions): void {
  const { limits, metrics, logger } = options;
  const lines = createLineBuffer(limits.maxLineBytes);
  const rate = createCommandRate(limits.commandsPerSecond, limits.commandBurst);
  // Past highWater bytes of unread lines the socket is paused; it resumes below lowWater
  // (which always holds one whole line, so an unfinished line can complete).
  const highWater = Math.max(64 * 1024, 2 * limits.maxLineBytes);
  const lowWater = highWater / 2;
  let pumping = false;
  let stopped = false;
  let overlongLogged = false;
  let lastThrottleNotice = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;

  const armTimer = () => {
    clearTimeout(timer);
    const loggedIn = options.loggedIn();
    const ms = loggedIn ? limits.idleTimeoutMs : limits.loginTimeoutMs;
    if (ms <= 0 || stopped) return;
    timer = setTimeout(() => {
      if (loggedIn) {
        options.close("idle_timeout", `Idle for ${ms / 1000} s; closing the connection. Goodbye.`);
      } else {
        options.close("login_timeout", `No name given within ${ms / 1000} s; closing the connection.`);
      }
    }, ms);
    timer.unref();
  };

  const resumeIfRoom = () => {
    if (!stopped && socket.isPaused() && lines.bufferedBytes <= lowWater) socket.resume();
  };

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      // Once the connection is closing (quit, a timeout), lines still buffered are not run.
      const closing = () => stopped || socket.writableEnded || socket.destroyed;
      for (let item = lines.next(); item !== undefined && !closing(); item = lines.next()) {
        if (item.kind === "overlong") {
          metrics.overlong();
          if (!overlongLogged) {
            overlongLogged = true;
            logger.warn(
              { code: HostErrorCode.CONSOLE_LINE_TOO_LONG, bytes: item.bytes, limit: limits.maxLineBytes },
              "console line over the limit discarded",
            );
          }
          options.tell(
            `That line was too long (over ${limits.maxLineBytes} bytes) and was discarded. (${HostErrorCode.CONSOLE_LINE_TOO_LONG})`,
          );
          continue;
        }
        metrics.line();
        armTimer();
        const wait = rate.take();
        if (wait > 0) {
          metrics.throttled();
          const now = Date.now();
          if (now - lastThrottleNotice >= THROTTLE_NOTICE_MS) {
            lastThrottleNotice = now;
            options.tell(
              `You are sending commands faster than ${limits.commandsPerSecond} a second; the rest wait their turn. (${HostErrorCode.CONSOLE_RATE_LIMITED})`,
            );
          }
          await new Promise((resolve) => setTimeout(resolve, wait));
          if (closing()) break;
        }
        await options.onLine(cleanInput(item.line));
        armTimer();
        resumeIfRoom();
      }
    } finally {
      pumping = false;
    }
    resumeIfRoom();
  }

  socket.on("data", (chunk: Buffer) => {
    if (stopped) return;
    lines.push(chunk);
    if (lines.bufferedBytes > highWater) socket.pause();
    pump().catch((error: unknown) => {
      logger.error({ err: error }, "console input failed");
      options.close("reset", "Something went wrong reading your connection; the host logged it.");
    });
  });
  socket.on("close", () => {
    stopped = true;
    clearTimeout(timer);
  });
  armTimer();
}
