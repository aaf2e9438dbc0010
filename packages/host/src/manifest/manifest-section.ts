/**
 * The contract between the manifest and a runtime: each runtime defines its
 * own `<type>-plugin` section (keys, rules, defaults, descriptions) in its
 * folder; the manifest definition only lists them (runtimes/manifest-sections.ts).
 */
import type { TObject } from "@sinclair/typebox";

/** `max-memory-pages` → `maxMemoryPages`, as a type. */
type CamelKey<Key extends string> = Key extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelKey<Tail>>}`
  : Key;

/** The keys a definition's object node reads into, camelCase. */
type ReadKeys<Node extends TObject> = CamelKey<keyof Node["properties"] & string>;

/** True when the interface and the definition have exactly the same keys (camelCase). */
type SameKeys<Shape, Node extends TObject> = [keyof Shape] extends [ReadKeys<Node>]
  ? [ReadKeys<Node>] extends [keyof Shape]
    ? true
    : false
  : false;

/**
 * Ties a documented interface to its definition: `shaped<WasmPluginSection>()(Type.Object({...}))`
 * compiles only when the object's keys, camelCased, are exactly the interface's.
 */
export function shaped<Shape>() {
  return <Node extends TObject>(
    node: Node & (SameKeys<Shape, Node> extends true ? unknown : { "keys differ from the interface": never }),
  ): Node => node;
}

/** A runtime's `<type>-plugin` section of plugin.yaml. */
export interface ManifestSection {
  /** The plugin type it serves (`type: wasm`). */
  readonly type: string;
  /** Its key in plugin.yaml: `<type>-plugin`. */
  readonly key: string;
  /** Its definition: keys, rules, defaults and descriptions (JSON Schema with reader keywords). */
  readonly schema: TObject;
  /** Rules across the whole manifest, as JSON Schema `if`/`then` (the reader checks them in the section's nodes). */
  readonly rules?: readonly object[];
}

/** Declares a runtime's section. */
export function defineManifestSection(type: string, schema: TObject, rules: readonly object[] = []): ManifestSection {
  return { type, key: `${type}-plugin`, schema, rules };
}
