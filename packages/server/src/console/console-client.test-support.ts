import net from "node:net";

/** A line-based TCP client for console tests: send lines, wait for a line matching a pattern. */
export interface ConsoleClient {
  send(line: string): void;
  /** Resolves with the first unread line matching `pattern` (lines before it are consumed). */
  expectLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  readonly lines: string[];
  close(): Promise<void>;
}

export async function connectConsole(port: number, host = "127.0.0.1"): Promise<ConsoleClient> {
  const socket = net.connect(port, host);
  socket.setEncoding("utf8");
  const lines: string[] = [];
  let cursor = 0;
  let buffer = "";
  const waiters = new Set<() => void>();
  socket.on("data", (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split("\r\n");
    buffer = parts.pop() ?? "";
    lines.push(...parts);
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  return {
    lines,
    send(line) {
      socket.write(`${line}\n`);
    },
    expectLine(pattern, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (let i = cursor; i < lines.length; i++) {
            const line = lines[i] as string;
            if (pattern.test(line)) {
              cursor = i + 1;
              waiters.delete(check);
              clearTimeout(timer);
              resolve(line);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`no line matching ${pattern} within ${timeoutMs} ms; got:\n${lines.slice(cursor).join("\n")}`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise((resolve) => {
        socket.once("close", () => resolve());
        socket.end();
      }),
  };
}
