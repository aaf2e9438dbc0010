/**
 * Counts what the host socket refuses (holomush_plugin_refusals_total): a
 * request without a valid token (plugin "": nobody to name), a refused hello
 * (another plugin's name, a second stream on a live token...) and a brokered
 * call to an undeclared service, for dial-in plugins and spawned ones alike. Calls that reach the plugin's host API are
 * counted there (create-plugin-host-api.ts), not here.
 */
import { HostError, HostErrorCode } from "../../errors.js";
import type { BindingRegistry, PluginBinding } from "./plugin-bindings.js";

/** Counts one refused request by plugin ("" when none is identified) and HostError code. */
export type RefusalCounter = (plugin: string, code: string) => void;

export function countingRefusals(registry: BindingRegistry, refused: RefusalCounter): BindingRegistry {
  return {
    add(token, binding) {
      return registry.add(token, countingBinding(binding, refused));
    },
    authenticate(authorization) {
      const binding = registry.authenticate(authorization);
      if (binding === undefined) refused("", HostErrorCode.UNAUTHENTICATED);
      return binding;
    },
  };
}

/**
 * One binding whose refusals are counted: a dial-in plugin's (through the
 * registry above) and a spawned plugin's connection (adopted at spawn,
 * never in the registry, so process-runtime.ts wraps it here).
 */
export function countingBinding(binding: PluginBinding, refused: RefusalCounter): PluginBinding {
  return {
    get pluginName() {
      return binding.pluginName;
    },
    get host() {
      return binding.host;
    },
    get brokers() {
      return binding.brokers;
    },
    accept(hello, stream) {
      try {
        return binding.accept(hello, stream);
      } catch (error) {
        if (error instanceof HostError) refused(binding.pluginName, error.code);
        throw error;
      }
    },
    refused: (code) => refused(binding.pluginName, code),
  };
}
