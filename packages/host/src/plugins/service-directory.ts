/**
 * The service broker (runtimes/process/README.md): proto services offered by the host or by
 * plugins, addressed by fully-qualified name. Everything crosses the
 * directory as protobuf binary so a provider in another process (a process
 * plugin tunnelling calls over its stream) and one in this process (the
 * host's WorldService) look the same to callers.
 */
import { create, type DescService, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createHandlerContext,
  createServiceImplSpec,
  type MethodImplSpec,
  type ServiceImpl,
} from "@connectrpc/connect";
import { HostError, HostErrorCode } from "../errors.js";

/** Answers one unary call: method name, request bytes, calling plugin ("" for the host). */
export type ServiceHandler = (
  method: string,
  request: Uint8Array,
  caller: string,
  signal?: AbortSignal,
) => Promise<Uint8Array>;

/** A registered service and who provides it. */
export interface ServiceEntry {
  /** Fully-qualified service name, e.g. `holomush.world.v1.WorldService`. */
  name: string;
  /** Plugin name, or `host` for services the host itself serves. */
  owner: string;
  handler: ServiceHandler;
}

/**
 * The service broker: proto services offered by the host or plugins, by fully-qualified name, called as protobuf bytes.
 */
export interface ServiceDirectory {
  /** Registers a raw handler; refuses a second provider (DUPLICATE_SERVICE_PROVIDER). */
  register(name: string, owner: string, handler: ServiceHandler): void;
  /** Registers a typed Connect implementation; unary methods only. */
  registerService<T extends DescService>(service: T, owner: string, implementation: Partial<ServiceImpl<T>>): void;
  /** Removes a service if `owner` (when given) still owns it. */
  unregister(name: string, owner?: string): void;
  /** Removes every service an owner registered (a plugin unloading). */
  unregisterOwner(owner: string): void;
  /** The provider of a service, or undefined. */
  resolve(name: string): ServiceEntry | undefined;
  /** Calls a service, failing with SERVICE_UNAVAILABLE when nobody provides it. */
  call(name: string, method: string, request: Uint8Array, caller: string, signal?: AbortSignal): Promise<Uint8Array>;
  /** Every registered service. */
  list(): ServiceEntry[];
}

/** An empty service directory. */
export function createServiceDirectory(): ServiceDirectory {
  const entries = new Map<string, ServiceEntry>();

  const directory: ServiceDirectory = {
    register(name, owner, handler) {
      const existing = entries.get(name);
      if (existing) {
        throw new HostError(
          HostErrorCode.DUPLICATE_SERVICE_PROVIDER,
          `service ${name} is already provided by ${existing.owner}; ${owner} cannot provide it too`,
          { plugin: owner, details: { service: name, provider: existing.owner } },
        );
      }
      entries.set(name, { name, owner, handler });
    },
    registerService(service, owner, implementation) {
      directory.register(service.typeName, owner, createTypedHandler(service, implementation));
    },
    unregister(name, owner) {
      const existing = entries.get(name);
      if (existing && (owner === undefined || existing.owner === owner)) entries.delete(name);
    },
    unregisterOwner(owner) {
      for (const [name, entry] of entries) if (entry.owner === owner) entries.delete(name);
    },
    resolve: (name) => entries.get(name),
    async call(name, method, request, caller, signal) {
      const entry = entries.get(name);
      if (!entry) {
        throw new HostError(HostErrorCode.SERVICE_UNAVAILABLE, `no plugin provides service ${name}`, {
          details: { service: name },
        });
      }
      return entry.handler(method, request, caller, signal);
    },
    list: () => [...entries.values()],
  };
  return directory;
}

/**
 * Adapts a Connect service implementation to a ServiceHandler: decode the
 * method's input, run the implementation with a handler context, encode the
 * output. Errors thrown by the implementation propagate unchanged.
 */
export function createTypedHandler<T extends DescService>(
  service: T,
  implementation: Partial<ServiceImpl<T>>,
): ServiceHandler {
  const spec = createServiceImplSpec(service, implementation);
  const byName = new Map<string, MethodImplSpec>();
  for (const method of service.methods) {
    const found = spec.methods[method.localName];
    if (found) byName.set(method.name, found);
  }
  return async (methodName, request, caller, signal) => {
    const found = byName.get(methodName);
    if (!found) {
      throw new ConnectError(`${service.typeName}/${methodName} is not implemented`, Code.Unimplemented);
    }
    if (found.kind !== "unary") {
      throw new ConnectError(`${service.typeName}/${methodName} is not unary`, Code.Unimplemented);
    }
    const context = createHandlerContext({
      service,
      method: found.method,
      protocolName: "holomush-broker",
      requestMethod: "POST",
      url: `/${service.typeName}/${methodName}`,
      requestHeader: caller ? { "holomush-caller": caller } : {},
      ...(signal ? { requestSignal: signal } : {}),
    });
    const input = fromBinary(found.method.input, request);
    const output = await found.impl(input, context);
    return toBinary(found.method.output, create(found.method.output, output));
  };
}
