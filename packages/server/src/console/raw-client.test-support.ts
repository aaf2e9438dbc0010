/**
 * Raw sockets for hostile console tests: bytes in, bytes out, and how the
 * host ended the connection. Everything on 127.0.0.1.
 */
import net from "node:net";

export interface RawClient {
  readonly socket: net.Socket;
  /** Every byte the host sent. */
  received(): Buffer;
  /** The host's text as lines (\r\n split). */
  lines(): string[];
  /** Resolves when the socket closed (the host ended or reset it). */
  readonly closed: Promise<void>;
  isClosed(): boolean;
  /** Waits for a line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

export async function rawConnect(port: number, options: { read?: boolean } = {}): Promise<RawClient> {
  const socket = net.connect(port, "127.0.0.1");
  const chunks: Buffer[] = [];
  let closed = false;
  socket.on("error", () => {});
  const closedPromise = new Promise<void>((resolve) =>
    socket.once("close", () => {
      closed = true;
      resolve();
    }),
  );
  if (options.read !== false) socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  else socket.pause();
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  const lines = () => Buffer.concat(chunks).toString("utf8").split("\r\n");
  return {
    socket,
    received: () => Buffer.concat(chunks),
    lines,
    closed: closedPromise,
    isClosed: () => closed,
    async waitFor(pattern, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = lines().find((candidate) => pattern.test(candidate));
        if (line !== undefined) return line;
        if (Date.now() > deadline || closed) {
          throw new Error(
            `no line matching ${pattern} (closed: ${closed}); got:\n${lines().join("\n").slice(0, 2000)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
