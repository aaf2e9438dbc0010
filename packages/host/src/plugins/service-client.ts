/**
 * A typed Connect client over a plugin's host API (`context.client(WorldService)`
 * for in-process plugins). Calls cross the service directory as protobuf
 * binary, exactly like calls from process plugins, and pass the authorizer
 * (`call` on `Service::"<name>"`: only services the manifest `requires`).
 */
import {
  create,
  type DescMessage,
  type DescService,
  fromBinary,
  type MessageInitShape,
  toBinary,
} from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import type { PluginHostApi } from "./plugin-host-api.js";

export function createServiceClient<T extends DescService>(host: PluginHostApi, service: T): Client<T> {
  const client: Record<string, unknown> = {};
  for (const method of service.methods) {
    if (method.methodKind !== "unary") continue;
    client[method.localName] = async (request: MessageInitShape<DescMessage>, options?: { signal?: AbortSignal }) => {
      const bytes = toBinary(method.input, create(method.input, request));
      const reply = await host.callService(service.typeName, method.name, bytes, options?.signal);
      return fromBinary(method.output, reply);
    };
  }
  return client as Client<T>;
}
