/**
 * ServiceConfig.required_services maps each required proto service to the
 * broker address the host serves it on (`"holomush.world.v1.WorldService":
 * "broker:3"`). parseBrokerServices turns that into name -> broker id, the Go
 * SDK's ParseBrokerServices, refusing anything a plugin could not dial.
 */
import { PluginSdkError, PluginSdkErrorCode } from "./errors.js";

/** `package.sub.Service`: at least one package segment, proto identifiers only. */
const SERVICE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;
const BROKER_PREFIX = "broker:";

/** Returns service name -> broker id, in the input's order. Throws PluginSdkError on the first bad entry. */
export function parseBrokerServices(required: Record<string, string> | Map<string, string>): Map<string, number> {
  const entries = required instanceof Map ? [...required.entries()] : Object.entries(required);
  const services = new Map<string, number>();
  const owners = new Map<number, string>();
  for (const [name, address] of entries) {
    checkServiceName(name);
    const id = parseBrokerAddress(name, address);
    const owner = owners.get(id);
    if (owner !== undefined) {
      throw new PluginSdkError(
        PluginSdkErrorCode.BROKER_ID_DUPLICATE,
        `broker id ${id} is given to both ${owner} and ${name}; each service needs its own`,
        { details: { service: name, other: owner, address } },
      );
    }
    owners.set(id, name);
    services.set(name, id);
  }
  return services;
}

function checkServiceName(name: string): void {
  if (name.length === 0) {
    throw new PluginSdkError(PluginSdkErrorCode.SERVICE_NAME_INVALID, "required service name is empty");
  }
  if (!SERVICE_NAME.test(name)) {
    throw new PluginSdkError(
      PluginSdkErrorCode.SERVICE_NAME_INVALID,
      `required service name ${JSON.stringify(name)} is not a fully-qualified proto service name (e.g. holomush.world.v1.WorldService)`,
      { details: { service: name } },
    );
  }
}

/** `broker:<id>` with id a non-negative safe integer written in decimal digits. */
function parseBrokerAddress(service: string, address: unknown): number {
  const fail = (why: string): never => {
    throw new PluginSdkError(
      PluginSdkErrorCode.BROKER_ADDRESS_INVALID,
      `broker address ${JSON.stringify(address)} of ${service} ${why}; expected broker:<id>, e.g. broker:3`,
      { details: { service, address: String(address) } },
    );
  };
  if (typeof address !== "string") return fail("is not a string");
  if (!address.startsWith(BROKER_PREFIX)) return fail(`lacks the "${BROKER_PREFIX}" prefix`);
  const text = address.slice(BROKER_PREFIX.length);
  if (text.length === 0) return fail("has no id");
  if (text.startsWith("-")) return fail("has a negative id");
  if (!/^\d+$/.test(text))
    return fail(/^\d*\.\d+$|^\d+\.\d*$/.test(text) ? "has a fractional id" : "has a non-numeric id");
  const id = Number(text);
  if (!Number.isSafeInteger(id)) return fail(`has an id above ${Number.MAX_SAFE_INTEGER}`);
  return id;
}
