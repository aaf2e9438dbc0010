// A small JSON reader and writer for the few shapes the HoloMUSH ABI uses.
// AssemblyScript has no built-in JSON; the npm AS JSON libraries rely on
// decorators/transforms that tie us to one compiler version, and we need only
// objects, arrays, strings, numbers, booleans and null.

export const enum JsonKind {
  Null,
  Bool,
  Number,
  String,
  Array,
  Object,
}

export class JsonValue {
  kind: JsonKind = JsonKind.Null;
  bool: bool = false;
  num: f64 = 0;
  str: string = "";
  items: JsonValue[] = [];
  keys: string[] = [];
  values: JsonValue[] = [];

  /** Member of an object, or null. */
  get(key: string): JsonValue | null {
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] == key) return this.values[i];
    }
    return null;
  }

  /** String member, or `fallback` when absent or not a string. */
  getString(key: string, fallback: string = ""): string {
    const value = this.get(key);
    return value != null && value.kind == JsonKind.String ? value.str : fallback;
  }

  getNumber(key: string, fallback: f64 = 0): f64 {
    const value = this.get(key);
    return value != null && value.kind == JsonKind.Number ? value.num : fallback;
  }

  getBool(key: string, fallback: bool = false): bool {
    const value = this.get(key);
    return value != null && value.kind == JsonKind.Bool ? value.bool : fallback;
  }
}

/** Parses JSON text; returns null on malformed input (never aborts). */
export function parseJson(text: string): JsonValue | null {
  const parser = new Parser(text);
  const value = parser.value();
  if (value == null) return null;
  parser.space();
  return parser.pos == text.length ? value : null;
}

class Parser {
  pos: i32 = 0;
  constructor(public text: string) {}

  space(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) break;
      this.pos++;
    }
  }

  value(): JsonValue | null {
    this.space();
    if (this.pos >= this.text.length) return null;
    const c = this.text.charCodeAt(this.pos);
    const out = new JsonValue();
    if (c == 0x7b) return this.object();
    if (c == 0x5b) return this.array();
    if (c == 0x22) {
      const s = this.string();
      if (s == null) return null;
      out.kind = JsonKind.String;
      out.str = s;
      return out;
    }
    if (this.text.startsWith("true", this.pos)) {
      this.pos += 4;
      out.kind = JsonKind.Bool;
      out.bool = true;
      return out;
    }
    if (this.text.startsWith("false", this.pos)) {
      this.pos += 5;
      out.kind = JsonKind.Bool;
      return out;
    }
    if (this.text.startsWith("null", this.pos)) {
      this.pos += 4;
      return out;
    }
    const start = this.pos;
    while (this.pos < this.text.length) {
      const d = this.text.charCodeAt(this.pos);
      if (!((d >= 0x30 && d <= 0x39) || d == 0x2d || d == 0x2b || d == 0x2e || d == 0x65 || d == 0x45)) break;
      this.pos++;
    }
    if (start == this.pos) return null;
    out.kind = JsonKind.Number;
    out.num = parseFloat(this.text.substring(start, this.pos));
    return out;
  }

  object(): JsonValue | null {
    const out = new JsonValue();
    out.kind = JsonKind.Object;
    this.pos++;
    this.space();
    if (this.text.charCodeAt(this.pos) == 0x7d) {
      this.pos++;
      return out;
    }
    while (true) {
      this.space();
      if (this.text.charCodeAt(this.pos) != 0x22) return null;
      const key = this.string();
      if (key == null) return null;
      this.space();
      if (this.text.charCodeAt(this.pos) != 0x3a) return null;
      this.pos++;
      const value = this.value();
      if (value == null) return null;
      out.keys.push(key);
      out.values.push(value);
      this.space();
      const c = this.text.charCodeAt(this.pos++);
      if (c == 0x7d) return out;
      if (c != 0x2c) return null;
    }
  }

  array(): JsonValue | null {
    const out = new JsonValue();
    out.kind = JsonKind.Array;
    this.pos++;
    this.space();
    if (this.text.charCodeAt(this.pos) == 0x5d) {
      this.pos++;
      return out;
    }
    while (true) {
      const value = this.value();
      if (value == null) return null;
      out.items.push(value);
      this.space();
      const c = this.text.charCodeAt(this.pos++);
      if (c == 0x5d) return out;
      if (c != 0x2c) return null;
    }
  }

  string(): string | null {
    this.pos++;
    let out = "";
    let start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c == 0x22) {
        out += this.text.substring(start, this.pos);
        this.pos++;
        return out;
      }
      if (c == 0x5c) {
        out += this.text.substring(start, this.pos);
        const e = this.text.charCodeAt(this.pos + 1);
        this.pos += 2;
        if (e == 0x6e) out += "\n";
        else if (e == 0x74) out += "\t";
        else if (e == 0x72) out += "\r";
        else if (e == 0x62) out += "\b";
        else if (e == 0x66) out += "\f";
        else if (e == 0x75) {
          out += String.fromCharCode(<i32>parseInt(this.text.substring(this.pos, this.pos + 4), 16));
          this.pos += 4;
        } else out += String.fromCharCode(e);
        start = this.pos;
        continue;
      }
      this.pos++;
    }
    return null;
  }
}

/** `"text"` with JSON escapes. */
export function quote(text: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c != 0x22 && c != 0x5c) continue;
    out += text.substring(start, i);
    if (c == 0x22) out += '\\"';
    else if (c == 0x5c) out += "\\\\";
    else if (c == 0x0a) out += "\\n";
    else if (c == 0x0d) out += "\\r";
    else if (c == 0x09) out += "\\t";
    else out += "\\u" + c.toString(16).padStart(4, "0");
    start = i + 1;
  }
  return out + text.substring(start) + '"';
}

/** Builds a JSON object member by member. */
export class JsonWriter {
  private parts: string[] = [];

  string(key: string, value: string): JsonWriter {
    this.parts.push(quote(key) + ":" + quote(value));
    return this;
  }

  number(key: string, value: f64): JsonWriter {
    this.parts.push(quote(key) + ":" + (Number.isInteger(value) ? (<i64>value).toString() : value.toString()));
    return this;
  }

  bool(key: string, value: bool): JsonWriter {
    this.parts.push(quote(key) + ":" + (value ? "true" : "false"));
    return this;
  }

  raw(key: string, json: string): JsonWriter {
    this.parts.push(quote(key) + ":" + json);
    return this;
  }

  toString(): string {
    return "{" + this.parts.join(",") + "}";
  }
}
