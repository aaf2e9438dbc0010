/**
 * A Node stand-in for the Extism JS PDK globals (`Host`, `Memory`, `Var`,
 * `Config`), so plugins written with @holomush/wasm-pdk can be tested without
 * extism-js. Host functions answer with the same JSON as the WASM runtime
 * (docs/wasm-abi.md), backed by a synchronous, plugin-bound backend: js-pdk
 * handlers are synchronous, so the backend is too.
 * The JSON types are @holomush/proto's (the WASM ABI's wire vocabulary).
 */
import type { ErrorCode, GuestEmitEvent, GuestError, GuestErrorBody, GuestEvent } from "@holomush/proto/wire";

/** An event a plugin emitted through the stand-in's `emit` host function (its payload as the plugin wrote it). */
export type StandInEvent = Required<GuestEmitEvent>;

/** The plugin's view of the host: like PluginHostApi, but synchronous and string-valued. */
export interface JsPdkBackend {
  pluginName: string;
  /** The manifest's `emits`; emitting elsewhere answers EMIT_NAMESPACE_UNDECLARED. */
  emits: string[];
  kv: Map<string, string>;
  /** Events for query_history, each already in the WASM ABI's JSON form. */
  history: Array<Partial<GuestEvent> & { stream: string }>;
  logs: Array<{ level: string; message: string; fields: Record<string, string> }>;
  /**
   * Host functions that answer with an error instead, by name (e.g.
   * `kv_get` → STORAGE_UNAVAILABLE), to test that a plugin tells a failure
   * from absence. Set or delete entries while the plugin runs.
   */
  failures: Map<string, GuestErrorBody>;
}

/** The plugin identity and host state the stand-in starts with. */
export interface JsPdkStandInOptions {
  /** The plugin's name. Default `plugin`. */
  pluginName?: string;
  /** The manifest's `emits` (stream namespaces the plugin may publish to). Default none. */
  emits?: string[];
  /** Host functions the interface file declares (default: all seven). */
  hostFunctions?: string[];
  /** Values `Config.get` returns. Default none. */
  config?: Record<string, string>;
  /** The plugin's KV store to start with. Default empty. */
  kv?: Map<string, string>;
  /** Events `query_history` returns. Default none. */
  history?: JsPdkBackend["history"];
  /** Host functions that answer with an error instead (see JsPdkBackend.failures). */
  failures?: JsPdkBackend["failures"];
}

/** The installed stand-in: its backend state, the emitted events, and `call` to run a plugin export. */
export interface JsPdkStandIn {
  /** The host state the plugin sees; change it between calls. */
  backend: JsPdkBackend;
  /** Events the plugin emitted through the `emit` host function. */
  emitted: StandInEvent[];
  /** Runs an export with `input`; returns its status and output (undefined when none was set). */
  call(fn: () => number, input: string): { status: number; output: string | undefined };
  /** Restores the globals that were there before install. */
  uninstall(): void;
}

const ALL = ["emit", "log", "kv_get", "kv_set", "kv_delete", "kv_list", "query_history"];
const GLOBALS = ["Host", "Memory", "Var", "Config"] as const;

/** Sets the js-pdk globals (`Host`, `Memory`, `Var`, `Config`) on globalThis; `uninstall()` restores them. */
export function installJsPdkStandIn(options: JsPdkStandInOptions = {}): JsPdkStandIn {
  const backend: JsPdkBackend = {
    pluginName: options.pluginName ?? "plugin",
    emits: options.emits ?? [],
    kv: options.kv ?? new Map(),
    history: options.history ?? [],
    logs: [],
    failures: options.failures ?? new Map(),
  };
  const emitted: StandInEvent[] = [];
  const blocks: Array<string | undefined> = [undefined];
  const vars = new Map<string, string>();
  let input = "";
  let output: string | undefined;

  const handle = (offset: number) => ({
    offset,
    len: Buffer.byteLength(blocks[offset] ?? ""),
    readString: () => blocks[offset] ?? "",
    readBytes: () => new Uint8Array(Buffer.from(blocks[offset] ?? "")).buffer,
    free: () => {
      blocks[offset] = undefined;
    },
  });
  const store = (text: string) => blocks.push(text) - 1;
  const functions: Record<string, (offset: number) => number> = {};
  for (const name of options.hostFunctions ?? ALL) {
    functions[name] = (offset) => store(JSON.stringify(answer(name, blocks[offset] ?? "", backend, emitted)));
  }
  const previous = new Map(GLOBALS.map((name) => [name, Reflect.get(globalThis, name)]));
  const globals = {
    Host: {
      inputString: () => input,
      outputString: (text: string) => {
        output = text;
      },
      getFunctions: () => functions,
    },
    Memory: { fromString: (text: string) => handle(store(text)), find: handle },
    Var: {
      getString: (key: string) => vars.get(key) ?? null,
      set: (key: string, value: string) => vars.set(key, value),
    },
    Config: { get: (key: string) => options.config?.[key] ?? null },
  };
  for (const name of GLOBALS) Reflect.set(globalThis, name, globals[name]);

  return {
    backend,
    emitted,
    call(fn, text) {
      input = text;
      output = undefined;
      blocks.length = 1;
      const status = fn();
      return { status, output };
    },
    uninstall() {
      for (const [name, value] of previous) {
        if (value === undefined) Reflect.deleteProperty(globalThis, name);
        else Reflect.set(globalThis, name, value);
      }
    },
  };
}

type Answer = Record<string, unknown> | GuestError;

function answer(name: string, text: string, backend: JsPdkBackend, emitted: StandInEvent[]): Answer {
  const failure = backend.failures.get(name);
  if (failure) return error(failure.code, failure.message);
  let request: Record<string, unknown>;
  try {
    request = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return error("INVALID_ARGUMENT", `${name}: input must be JSON`);
  }
  const key = typeof request.key === "string" ? request.key : undefined;
  switch (name) {
    case "emit": {
      const { stream, type, payload = "{}" } = request;
      if (typeof stream !== "string" || typeof type !== "string" || typeof payload !== "string") {
        return error("INVALID_ARGUMENT", "emit: stream, type and payload must be strings");
      }
      const namespace = stream.split(":", 1)[0] ?? "";
      if (!backend.emits.includes(namespace)) return error("EMIT_NAMESPACE_UNDECLARED", `emit: ${namespace}`);
      emitted.push({ stream, type, payload });
      return {};
    }
    case "log":
      backend.logs.push({
        level: String(request.level ?? "info"),
        message: String(request.message ?? ""),
        fields: (request.fields as Record<string, string>) ?? {},
      });
      return {};
    case "kv_get":
      if (key === undefined) return error("INVALID_ARGUMENT", "key must be a string");
      return backend.kv.has(key) ? { found: true, value: backend.kv.get(key) } : { found: false };
    case "kv_set":
      if (!key) return error("KV_KEY_INVALID", "key must be a non-empty string");
      if (typeof request.value !== "string") return error("INVALID_ARGUMENT", "value must be a string");
      backend.kv.set(key, request.value);
      return {};
    case "kv_delete":
      if (key === undefined) return error("INVALID_ARGUMENT", "key must be a string");
      return { deleted: backend.kv.delete(key) };
    case "kv_list": {
      const prefix = typeof request.prefix === "string" ? request.prefix : "";
      const keys = [...backend.kv.keys()].filter((entry) => entry.startsWith(prefix)).sort();
      return { entries: keys.map((entry) => ({ key: entry, value: backend.kv.get(entry) })), next_page_token: "" };
    }
    case "query_history": {
      const count = typeof request.count === "number" && request.count > 0 ? Math.min(request.count, 500) : 50;
      const events = backend.history.filter((event) => event.stream === request.stream).slice(-count);
      return { entries: events.map((event) => ({ event, cursor: String(event.id ?? "") })), next_cursor: "" };
    }
    default:
      return error("WASM_IMPORT_NOT_GRANTED", `${name} is not a host function`);
  }
}

function error(code: ErrorCode, message: string): GuestError {
  return { error: { code, message } };
}
