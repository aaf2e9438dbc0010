/**
 * The WASM ABI (docs/wasm-abi.md) numbers actor kinds 0 = character, 1 = system, 2 = plugin; the
 * proto enum starts at UNSPECIFIED = 0. This is the one place that maps them.
 */
import { ActorKind, WasmActorKind } from "@holomush/proto";

/** The WASM ABI's `actor_kind` values as guests see them (@holomush/proto's WasmActorKind). */
export const SeedActorKind = WasmActorKind;
/** One of the SeedActorKind codes. */
export type SeedActorKind = WasmActorKind;

/** Proto → seed. UNSPECIFIED never reaches a guest from the host; it maps to system. */
export function toSeedActorKind(kind: ActorKind): SeedActorKind {
  switch (kind) {
    case ActorKind.CHARACTER:
      return SeedActorKind.character;
    case ActorKind.PLUGIN:
      return SeedActorKind.plugin;
    case ActorKind.SYSTEM:
    case ActorKind.UNSPECIFIED:
      return SeedActorKind.system;
    default:
      return SeedActorKind.system;
  }
}

/** Seed → proto, for events a guest reads back (e.g. in tests and tools). */
export function fromSeedActorKind(kind: number): ActorKind {
  switch (kind) {
    case SeedActorKind.character:
      return ActorKind.CHARACTER;
    case SeedActorKind.plugin:
      return ActorKind.PLUGIN;
    case SeedActorKind.system:
      return ActorKind.SYSTEM;
    default:
      return ActorKind.UNSPECIFIED;
  }
}
