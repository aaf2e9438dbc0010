/**
 * A proto service the embedder serves to plugins (createHost's `services`):
 * registered in the service directory as owned by `host`, so plugins that
 * `require` it load after it and reach it like any provided service.
 */
import type { DescService } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";

/** A service the embedder serves to plugins; build one with `hostService()`. */
export interface HostService {
  /** The service descriptor, e.g. `WorldService` from `@holomush/proto`. */
  readonly service: DescService;
  /** Its typed Connect implementation (unary methods). */
  readonly implementation: Partial<ServiceImpl<DescService>>;
}

/** Pairs a service descriptor with its implementation, checked against each other. */
export function hostService<T extends DescService>(service: T, implementation: Partial<ServiceImpl<T>>): HostService {
  // Checked above; the directory only needs the descriptor's own methods.
  return { service, implementation: implementation as unknown as Partial<ServiceImpl<DescService>> };
}
