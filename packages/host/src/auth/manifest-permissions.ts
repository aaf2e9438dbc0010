/**
 * Default deny means a plugin may do only what its manifest declares; this
 * file turns those declarations into Cedar policies, installed with the
 * plugin under ids `<plugin>/manifest:<what>`:
 *
 *   emits     permit Plugin::"<p>" to emit to a Stream whose namespace is listed
 *   storage   permit Plugin::"<p>" to read and write Kv::"<p>" (its own KV namespace;
 *             every plugin has one, `storage: postgres` adds a schema, not a right)
 *   requires  permit Plugin::"<p>" to call each listed Service, and each
 *             `capability:` grant as Service::"capability:<token>" (Lua globals)
 *   commands  permit any Character to execute each declared Command
 *
 * Capabilities are not translated: they are checked per dispatch against the
 * base scope policies (base-policies.cedar).
 */
import type { PluginManifest } from "../manifest/manifest.js";

export interface GeneratedPolicy {
  /** `manifest:emits`, `manifest:storage`, `manifest:requires`, `manifest:commands`. */
  name: string;
  text: string;
}

/**
 * A Cedar string literal. Manifest names are validated against narrow
 * patterns, but escaping keeps a future pattern change from becoming an
 * injection into policy text.
 */
export function cedarString(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    if (char === '"' || char === "\\") out += `\\${char}`;
    else if (code < 0x20 || code === 0x7f) out += `\\u{${code.toString(16)}}`;
    else out += char;
  }
  return `${out}"`;
}

const uid = (type: string, id: string) => `${type}::${cedarString(id)}`;

export function manifestPermissions(manifest: PluginManifest): GeneratedPolicy[] {
  const self = uid("Plugin", manifest.name);
  const policies: GeneratedPolicy[] = [];
  if (manifest.emits.length > 0) {
    const namespaces = manifest.emits.map(cedarString).join(", ");
    policies.push({
      name: "manifest:emits",
      text: `permit (principal == ${self}, action == Action::"emit", resource is Stream)
when { resource has namespace && [${namespaces}].contains(resource.namespace) };`,
    });
  }
  policies.push({
    name: "manifest:storage",
    text: `permit (principal == ${self}, action in [Action::"read", Action::"write"], resource == ${uid("Kv", manifest.name)});`,
  });
  const required = [
    ...manifest.requires,
    ...(manifest.hostCapabilities ?? []).map((grant) => `capability:${grant.token}`),
  ];
  if (required.length > 0) {
    const services = required.map((name) => uid("Service", name)).join(", ");
    policies.push({
      name: "manifest:requires",
      text: `permit (principal == ${self}, action == Action::"call", resource is Service)
when { [${services}].contains(resource) };`,
    });
  }
  if (manifest.commands.length > 0) {
    const commands = manifest.commands.map((command) => uid("Command", command.name)).join(", ");
    policies.push({
      name: "manifest:commands",
      text: `permit (principal is Character, action == Action::"execute", resource is Command)
when { [${commands}].contains(resource) };`,
    });
  }
  return policies;
}
