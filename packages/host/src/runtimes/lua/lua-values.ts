/**
 * Values crossing into Lua. HoloMUSH's responses omit default-valued fields
 * (false, 0, "", empty lists arrive as nil) and plugins depend on it; wasmoon
 * also cannot push a JS null nested in an object. `omitDefaults` gives both.
 */
export function omitDefaults(value: unknown): unknown {
  if (value === null || value === undefined || value === false || value === 0 || value === "") return undefined;
  if (typeof value === "bigint") return value === 0n ? undefined : Number(value);
  if (Array.isArray(value)) {
    const items = value.map(omitDefaults).filter((item) => item !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (value instanceof Uint8Array) return value.length === 0 ? undefined : new TextDecoder().decode(value);
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const kept = omitDefaults(item);
      if (kept !== undefined) out[key] = kept;
    }
    return out;
  }
  return value;
}

/** A `(value, err)` answer as the prelude's `pair` reads it. */
export interface LuaPair {
  v?: unknown;
  e?: string;
}

export const ok = (value: unknown): LuaPair => {
  const v = omitDefaults(value);
  return v === undefined ? {} : { v };
};
export const err = (message: string): LuaPair => ({ e: message });

/** snake_case request field readers with gopher-lua's type messages. */
export function field(request: Record<string, unknown>, name: string, kind: "string"): string;
export function field(request: Record<string, unknown>, name: string, kind: "number"): number;
export function field(request: Record<string, unknown>, name: string, kind: "boolean"): boolean;
export function field(request: Record<string, unknown>, name: string, kind: "string" | "number" | "boolean") {
  const value = request[name];
  if (value === undefined || value === null) return kind === "string" ? "" : kind === "number" ? 0 : false;
  if (typeof value !== kind)
    throw new RequestFieldError(`${kind} field ${name} expects a ${kind}, got ${luaType(value)}`);
  return value;
}

export class RequestFieldError extends Error {
  override readonly name = "RequestFieldError";
}

function luaType(value: unknown): string {
  if (typeof value === "object") return "table";
  if (typeof value === "undefined") return "nil";
  return typeof value;
}
