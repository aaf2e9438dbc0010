/**
 * The globals the Extism JS PDK runtime (QuickJS inside extism-js) provides,
 * typed for our wrapper. They are read from globalThis at call time so the
 * same code runs under extism-js and under the testkit's Node stand-in.
 */

/** A block of Extism memory (js-pdk's `MemoryHandle`). */
export interface JsPdkMemoryHandle {
  /** Offset of the block in Extism memory. */
  offset: number;
  /** Length in bytes. */
  len: number;
  /** The block as UTF-8 text. */
  readString(): string;
  /** The block's bytes. */
  readBytes(): ArrayBuffer;
  /** Releases the block. */
  free(): void;
}

/** An imported host function: takes and returns a memory offset. */
export type JsPdkHostFunction = (offset: number) => number;

/** The js-pdk globals this package uses. */
export interface JsPdkGlobals {
  /** The call's input and output, and the imported host functions. */
  Host: {
    /** The call's input as text. */
    inputString(): string;
    /** Sets the call's output. */
    outputString(text: string): void;
    /** The `extism:host/user` imports declared in the interface file. */
    getFunctions(): Record<string, JsPdkHostFunction>;
  };
  /** Extism memory blocks. */
  Memory: {
    /** Copies text into a new memory block. */
    fromString(text: string): JsPdkMemoryHandle;
    /** The block at an offset. */
    find(offset: number): JsPdkMemoryHandle;
  };
  Config: {
    /** The plugin's config value for `key`, or null. */
    get(key: string): string | null;
  };
  Var: {
    /** A plugin variable (kept between calls), or null. */
    getString(key: string): string | null;
    /** Sets a plugin variable. */
    set(key: string, value: string): void;
  };
}

export function pdk(): JsPdkGlobals {
  const scope = globalThis as unknown as Partial<JsPdkGlobals>;
  if (!scope.Host || !scope.Memory) {
    throw new Error("the Extism JS PDK globals are missing: build with extism-js, or install the testkit stand-in");
  }
  return scope as JsPdkGlobals;
}
