/**
 * A typed client for a service in the directory, as used by in-process
 * plugins (`context.client(WorldService)`). Calls cross the directory as
 * protobuf binary, exactly like calls from process plugins, so a provider
 * cannot tell the two apart; only services the caller `requires` are reachable.
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
import { HostError, HostErrorCode } from "../errors.js";
import type { ServiceDirectory } from "./service-directory.js";

export function createServiceClient<T extends DescService>(
  directory: ServiceDirectory,
  service: T,
  caller: string,
  declared: readonly string[],
): Client<T> {
  if (!declared.includes(service.typeName)) {
    throw new HostError(
      HostErrorCode.PERMISSION_DENIED,
      `plugin ${caller} does not declare ${service.typeName} in requires`,
      { plugin: caller, field: "requires" },
    );
  }
  const client: Record<string, unknown> = {};
  for (const method of service.methods) {
    if (method.methodKind !== "unary") continue;
    client[method.localName] = async (request: MessageInitShape<DescMessage>, options?: { signal?: AbortSignal }) => {
      const bytes = toBinary(method.input, create(method.input, request));
      const reply = await directory.call(service.typeName, method.name, bytes, caller, options?.signal);
      return fromBinary(method.output, reply);
    };
  }
  return client as Client<T>;
}
