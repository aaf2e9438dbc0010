/**
 * The globals the Extism JS PDK runtime (QuickJS inside extism-js) provides,
 * typed for our wrapper. They are read from globalThis at call time so the
 * same code runs under extism-js and under the testkit's Node stand-in.
 */

/** A block of Extism memory (js-pdk's `MemoryHandle`). */
export interface JsPdkMemoryHandle {
  offset: number;
  len: number;
  readString(): string;
  readBytes(): ArrayBuffer;
  free(): void;
}

export type JsPdkHostFunction = (offset: number) => number;

export interface JsPdkGlobals {
  Host: {
    inputString(): string;
    outputString(text: string): void;
    /** The `extism:host/user` imports declared in the interface file. */
    getFunctions(): Record<string, JsPdkHostFunction>;
  };
  Memory: {
    fromString(text: string): JsPdkMemoryHandle;
    find(offset: number): JsPdkMemoryHandle;
  };
  Config: { get(key: string): string | null };
  Var: { getString(key: string): string | null; set(key: string, value: string): void };
}

export function pdk(): JsPdkGlobals {
  const scope = globalThis as unknown as Partial<JsPdkGlobals>;
  if (!scope.Host || !scope.Memory) {
    throw new Error("the Extism JS PDK globals are missing: build with extism-js, or install the testkit stand-in");
  }
  return scope as JsPdkGlobals;
}
