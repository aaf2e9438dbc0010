/**
 * Main-thread side of the KV and history host functions: decodes the guest's
 * JSON, calls the plugin's own bound PluginHostApi (identity never comes from
 * the guest), and encodes the answer. Values are UTF-8 strings, or base64
 * when the request says `"encoding":"base64"` (docs/wasm-abi.md).
 */
import { HostError, HostErrorCode } from "../../errors.js";
import type { PluginHostApi } from "../../plugins/plugin-host-api.js";
import { toGuestEvent } from "./guest-input.js";
import { guestError, type HostFunctionName } from "./host-functions.js";

type Request = Record<string, unknown>;
type Encoding = "utf8" | "base64";

/** Always resolves with JSON text: the answer or `{"error":{code,message}}`. */
export async function serveHostCall(host: PluginHostApi, fn: HostFunctionName, input: string): Promise<string> {
  try {
    const request = parseRequest(input);
    return JSON.stringify(await dispatch(host, fn, request));
  } catch (error) {
    const coded = HostError.from(error, HostErrorCode.PLUGIN_CALL_FAILED);
    return JSON.stringify(guestError(coded.code, coded.message));
  }
}

async function dispatch(host: PluginHostApi, fn: HostFunctionName, request: Request): Promise<unknown> {
  const encoding = encodingOf(request);
  switch (fn) {
    case "kv_get": {
      const value = await host.kvGet(requireString(request, "key"));
      return value === undefined ? { found: false } : { found: true, value: decode(value, encoding) };
    }
    case "kv_set":
      await host.kvSet(requireString(request, "key"), encode(requireString(request, "value"), encoding));
      return {};
    case "kv_delete":
      return { deleted: await host.kvDelete(requireString(request, "key")) };
    case "kv_list": {
      const page = await host.kvList(
        optionalString(request, "prefix") ?? "",
        optionalNumber(request, "page_size"),
        optionalString(request, "page_token"),
      );
      return {
        entries: page.entries.map((entry) => ({ key: entry.key, value: decode(entry.value, encoding) })),
        next_page_token: page.nextPageToken,
      };
    }
    case "query_history": {
      const page = await host.queryStreamHistory({
        stream: requireString(request, "stream"),
        count: optionalNumber(request, "count"),
        notBeforeMs: optionalNumber(request, "not_before_ms"),
        cursor: optionalString(request, "cursor"),
      });
      return {
        entries: page.entries.map((entry) => ({ event: toGuestEvent(entry.event), cursor: entry.cursor })),
        next_cursor: page.nextCursor,
      };
    }
    default:
      throw invalid(`${fn} is not served by the main thread`);
  }
}

function parseRequest(input: string): Request {
  let value: unknown;
  try {
    value = JSON.parse(input);
  } catch (cause) {
    throw new HostError(HostErrorCode.INVALID_ARGUMENT, "input is not JSON", { cause });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalid("input must be an object");
  return value as Request;
}

function encodingOf(request: Request): Encoding {
  const encoding = request.encoding ?? "utf8";
  if (encoding !== "utf8" && encoding !== "base64") throw invalid('encoding must be "utf8" or "base64"');
  return encoding;
}

function encode(value: string, encoding: Encoding): Uint8Array {
  return new Uint8Array(Buffer.from(value, encoding));
}

function decode(value: Uint8Array, encoding: Encoding): string {
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString(encoding);
}

function requireString(request: Request, key: string): string {
  const value = request[key];
  if (typeof value !== "string") throw invalid(`${key} must be a string`);
  return value;
}

function optionalString(request: Request, key: string): string | undefined {
  const value = request[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalid(`${key} must be a string`);
  return value;
}

function optionalNumber(request: Request, key: string): number | undefined {
  const value = request[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalid(`${key} must be a number`);
  return value;
}

function invalid(message: string): HostError {
  return new HostError(HostErrorCode.INVALID_ARGUMENT, message);
}
