/**
 * A framing check in front of an embedded PGlite socket. PGlite runs on the
 * host's own thread, and some malformed input spins it for good: 12 bytes
 * of garbage as a startup packet, or a message with an unknown type byte
 * after a valid startup, froze the whole host process (no timer ran again;
 * measured on pglite 0.5.16 / pglite-socket 0.2.17). A plugin with
 * `storage: postgres` can reach its socket, so the host forwards only
 * well-framed PostgreSQL v3 frontend traffic: a startup packet (or SSL /
 * GSSAPI / cancel request) of sane length, then messages whose type is a
 * frontend type and whose length is within `maxMessageBytes`. Anything else
 * closes that connection. Content is not checked: this bounds framing, not
 * SQL.
 */
import { chmodSync } from "node:fs";
import net from "node:net";
import type { Logger } from "pino";

/** PostgreSQL v3 frontend message types (protocol docs, "Message Formats"). */
const FRONTEND_TYPES = new Set("BCcdDEfFHPpQSX".split("").map((char) => char.charCodeAt(0)));
const PROTOCOL_3 = 196608;
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** Startup packets carry a few key/value pairs; PostgreSQL itself refuses those over 10,000 bytes. */
const MAX_STARTUP_BYTES = 10_000;

export const DEFAULT_MAX_PG_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface PgWireGuardOptions {
  /** The socket plugins connect to. */
  path: string;
  /** PGlite's own socket. */
  upstreamPath: string;
  /** Longest message forwarded, bytes (default 16 MiB). */
  maxMessageBytes?: number;
  logger?: Logger;
}

export interface PgWireGuard {
  close(): Promise<void>;
}

export async function startPgWireGuard(options: PgWireGuardOptions): Promise<PgWireGuard> {
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_PG_MESSAGE_BYTES;
  const sockets = new Set<net.Socket>();
  let refusalsLogged = 0;
  const server = net.createServer((client) => {
    sockets.add(client);
    const upstream = net.connect(options.upstreamPath);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end);
    upstream.on("error", end);
    client.on("close", () => {
      sockets.delete(client);
      upstream.destroy();
    });
    upstream.on("close", () => client.destroy());
    upstream.pipe(client);
    const check = createFrameCheck(maxMessageBytes);
    client.on("data", (chunk: Buffer) => {
      const refusal = check(chunk);
      if (refusal !== undefined) {
        if (refusalsLogged++ % 100 === 0) {
          options.logger?.warn({ socket: options.path, reason: refusal }, "embedded database connection refused");
        }
        end();
        return;
      }
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once("drain", () => client.resume());
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.path, () => {
      server.off("error", reject);
      server.on("error", (error) => options.logger?.error({ err: error }, "embedded database guard error"));
      resolve();
    });
  });
  chmodSync(options.path, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Follows the framing of one connection's client bytes; returns why a chunk
 * breaks it (the connection is then closed), or undefined when it is fine.
 * Bodies are counted, never buffered.
 */
export function createFrameCheck(maxMessageBytes: number): (chunk: Buffer) => string | undefined {
  let startup = true;
  /** Header bytes collected so far (a header may span chunks). */
  let header = Buffer.alloc(0);
  /** Body bytes still to pass before the next header. */
  let remaining = 0;
  return (chunk) => {
    let offset = 0;
    while (offset < chunk.length) {
      if (remaining > 0) {
        const take = Math.min(remaining, chunk.length - offset);
        remaining -= take;
        offset += take;
        continue;
      }
      const need = startup ? 8 : 5;
      const take = Math.min(need - header.length, chunk.length - offset);
      header = Buffer.concat([header, chunk.subarray(offset, offset + take)]);
      offset += take;
      if (header.length < need) return undefined;
      if (startup) {
        const length = header.readInt32BE(0);
        const code = header.readInt32BE(4);
        if ((code === SSL_REQUEST || code === GSSENC_REQUEST) && length === 8) {
          // The server answers N; the real startup packet follows.
        } else if (code === CANCEL_REQUEST && length === 16) {
          remaining = 8;
        } else if (code === PROTOCOL_3 && length > 8 && length <= MAX_STARTUP_BYTES) {
          remaining = length - 8;
          startup = false;
        } else {
          return `invalid startup packet (length ${length}, code ${code})`;
        }
      } else {
        const type = header[0] as number;
        const length = header.readInt32BE(1);
        if (!FRONTEND_TYPES.has(type)) return `unknown message type 0x${type.toString(16)}`;
        if (length < 4 || length > maxMessageBytes) return `message length ${length} outside 4..${maxMessageBytes}`;
        remaining = length - 4;
      }
      header = Buffer.alloc(0);
    }
    return undefined;
  };
}
