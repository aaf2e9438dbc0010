/**
 * Outbound HTTP for WASM guests (Extism's `http_request`), limited to the
 * manifest's `wasm-plugin.allowed-hosts`. Every request is checked here, on
 * the thread that performs it: the host name must match a granted pattern
 * (`example.com`, or `*.example.com` for its subdomains; `*` alone grants
 * every host), only http(s), redirects are handed to the guest rather than
 * followed (a redirect must not carry a request to a host nobody granted),
 * and the response body is capped.
 */

/** Largest response body handed to a guest. */
export const MAX_HTTP_RESPONSE_BYTES = 1024 * 1024;

/** What the guest asked for (Extism's request JSON, plus its body). */
export interface GuestHttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  /** Base64 of the request body, when there is one. */
  body?: string;
}

export type GuestHttpReply =
  | { ok: true; status: number; headers: Record<string, string>; body: string }
  | { ok: false; error: string };

export function hostAllowed(hostname: string, allowed: readonly string[]): boolean {
  const host = hostname.toLowerCase();
  return allowed.some((pattern) => {
    const granted = pattern.toLowerCase();
    if (granted === "*") return true;
    if (granted.startsWith("*.")) return host.endsWith(granted.slice(1)) && host.length > granted.length - 1;
    return host === granted;
  });
}

/** Why a guest may not request `url`, or undefined when it may. */
export function refusal(url: URL, allowed: readonly string[]): string | undefined {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return `HTTP request to "${url}" refused: only http and https`;
  }
  // URL keeps IPv6 brackets in hostname; grants name them without.
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!hostAllowed(hostname, allowed)) {
    return `HTTP request to "${url}" is not allowed (no allowed-hosts entry matches "${hostname}")`;
  }
  return undefined;
}

/** Checks and performs one request; never throws (a refusal is a reply). */
export async function performGuestHttp(
  request: GuestHttpRequest,
  allowed: readonly string[],
  timeoutMs: number,
): Promise<GuestHttpReply> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { ok: false, error: `HTTP request: "${request.url}" is not a URL` };
  }
  const refused = refusal(url, allowed);
  if (refused !== undefined) return { ok: false, error: refused };
  const method = (request.method ?? "GET").toUpperCase();
  const withBody = request.body !== undefined && method !== "GET" && method !== "HEAD";
  try {
    const response = await fetch(url, {
      method,
      headers: request.headers ?? {},
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      ...(withBody ? { body: Buffer.from(request.body as string, "base64") } : {}),
    });
    const body = await readCapped(response, MAX_HTTP_RESPONSE_BYTES);
    return {
      ok: true,
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: body.toString("base64"),
    };
  } catch (error) {
    return { ok: false, error: `HTTP request to "${url}" failed: ${error instanceof Error ? error.message : error}` };
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body === null) return Buffer.alloc(0);
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > maxBytes) throw new Error(`response body exceeds ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
