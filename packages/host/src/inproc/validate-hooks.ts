import { HostError, HostErrorCode } from "../errors.js";
import { HOOK_NAMES, HOOK_SPECS, isHookName } from "./hook-spec.js";
import type { InprocPlugin } from "./inproc-plugin.js";

// Properties of a plugin object that are not hooks.
const NON_HOOK_KEYS = new Set(["name", "stateKeys", "hookOptions", "save"]);

/**
 * Checks a plugin object when it is registered (pluggy validates at
 * registration too): every function-valued property must be a known hook
 * with an acceptable arity, hook options must be consistent. Errors name
 * the plugin, the hook and the reason.
 */
export function validateHooks(pluginName: string, plugin: InprocPlugin): HostError[] {
  const errors: HostError[] = [];
  const fail = (hook: string, reason: string) =>
    errors.push(
      new HostError(HostErrorCode.HOOK_INVALID, `plugin ${pluginName}: hook ${hook}: ${reason}`, {
        plugin: pluginName,
        field: hook,
      }),
    );
  if (typeof plugin !== "object" || plugin === null) {
    fail("(plugin)", "a plugin must be an object");
    return errors;
  }
  if (plugin.name !== undefined && plugin.name !== pluginName) {
    fail("name", `object says "${String(plugin.name)}" but the manifest says "${pluginName}"`);
  }
  for (const key of Object.keys(plugin)) {
    const value = plugin[key];
    if (NON_HOOK_KEYS.has(key)) continue;
    if (typeof value !== "function") continue;
    if (!isHookName(key)) {
      fail(key, `unknown hook (known hooks: ${HOOK_NAMES.join(", ")})`);
      continue;
    }
    if (value.length > HOOK_SPECS[key].maxParams) {
      fail(key, `declares ${value.length} parameters, at most ${HOOK_SPECS[key].maxParams} are passed`);
    }
  }
  for (const [hook, options] of Object.entries(plugin.hookOptions ?? {})) {
    if (!isHookName(hook)) fail(hook, "hookOptions names an unknown hook");
    else if (typeof plugin[hook] !== "function")
      fail(hook, "hookOptions given for a hook the plugin does not implement");
    if (options?.tryfirst && options.trylast) fail(hook, "tryfirst and trylast are mutually exclusive");
    if (isHookName(hook) && !HOOK_SPECS[hook].orderable) {
      fail(hook, "not orderable: lifecycle hooks follow dependency order, own-plugin hooks have no peers");
    }
  }
  if (plugin.save !== undefined && typeof plugin.save !== "function") fail("save", "must be a function");
  if (plugin.stateKeys !== undefined) {
    if (!Array.isArray(plugin.stateKeys) || plugin.stateKeys.some((key) => typeof key !== "string")) {
      fail("stateKeys", "must be a list of property names");
    }
  }
  return errors;
}
