/** Small request/response helpers for the admin server (JSON bodies, SSE). */
import type { IncomingMessage, ServerResponse } from "node:http";
import { HostError, HostErrorCode } from "@holomush/host";

/** Admin requests are tiny; anything bigger is refused before it is buffered. */
const MAX_BODY_BYTES = 16 * 1024;

const SECURITY_HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

export function sendJson(response: ServerResponse, status: number, body: unknown, headers = {}): void {
  response.writeHead(status, { ...SECURITY_HEADERS, "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

export function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { error: { code, message } });
}

/** Reads a JSON (or form-encoded) object body. */
export async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new HostError(HostErrorCode.INVALID_ARGUMENT, `request body over ${MAX_BODY_BYTES} bytes`, {
        field: "body",
      });
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  if ((request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HostError(HostErrorCode.INVALID_ARGUMENT, "request body is not JSON", { field: "body" });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new HostError(HostErrorCode.INVALID_ARGUMENT, "request body is not a JSON object", { field: "body" });
  }
  return parsed as Record<string, unknown>;
}

/** Opens a server-sent events stream; returns a sender that drops while the client lags. */
export function openEventStream(request: IncomingMessage, response: ServerResponse, onClose: () => void) {
  response.writeHead(200, { ...SECURITY_HEADERS, "content-type": "text/event-stream", connection: "keep-alive" });
  response.write(": connected\n\n");
  const keepAlive = setInterval(() => response.write(": ping\n\n"), 15_000);
  keepAlive.unref();
  let dropped = 0;
  request.on("close", () => {
    clearInterval(keepAlive);
    onClose();
  });
  return {
    send(event: string, data: unknown): void {
      // A slow browser must not grow the host's memory: skip while its buffer is full.
      if (response.writableNeedDrain) {
        dropped++;
        return;
      }
      response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    get dropped() {
      return dropped;
    },
  };
}
