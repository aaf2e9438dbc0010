/**
 * The PluginHello checks (Dragonfly's handshake, tightened): the hello must
 * name the plugin the token was issued to, at its manifest version; it may
 * claim only commands and services the manifest declares; and both sides
 * must share an api version (the plugin's order of preference wins).
 */
import type { PluginHello } from "@holomush/proto";
import { HostError, HostErrorCode } from "../../errors.js";
import type { PluginManifest } from "../../manifest/manifest.js";

/** Returns the agreed api version or throws the HostError that refuses the hello. */
export function checkHello(hello: PluginHello, manifest: PluginManifest, hostVersions: readonly string[]): string {
  const plugin = manifest.name;
  if (hello.name !== manifest.name) {
    throw new HostError(
      HostErrorCode.PERMISSION_DENIED,
      `hello names plugin "${hello.name}" but the token was issued to "${manifest.name}"`,
      { plugin, field: "hello.name" },
    );
  }
  if (hello.version !== manifest.version) {
    throw new HostError(
      HostErrorCode.HANDSHAKE_INVALID,
      `hello reports version ${hello.version || "(none)"} but the manifest says ${manifest.version}`,
      { plugin, field: "hello.version" },
    );
  }
  const declared = new Set(manifest.commands.map((command) => command.name));
  const undeclared = hello.commands.filter((command) => !declared.has(command));
  if (undeclared.length > 0) {
    throw new HostError(
      HostErrorCode.HANDSHAKE_INVALID,
      `hello claims commands not declared in the manifest: ${undeclared.join(", ")}`,
      { plugin, field: "hello.commands" },
    );
  }
  const provides = new Set(manifest.provides);
  const unprovided = hello.providedServices.filter((service) => !provides.has(service));
  if (unprovided.length > 0) {
    throw new HostError(
      HostErrorCode.SERVICE_NOT_DECLARED,
      `hello offers services not declared in provides: ${unprovided.join(", ")}`,
      { plugin, field: "hello.provided_services" },
    );
  }
  const agreed = hello.apiVersions.find((version) => hostVersions.includes(version));
  if (agreed === undefined) {
    const offered = hello.apiVersions.length > 0 ? hello.apiVersions.join(", ") : "(none)";
    throw new HostError(
      HostErrorCode.API_VERSION_UNSUPPORTED,
      `no common api version: plugin ${plugin} speaks [${offered}], host supports [${hostVersions.join(", ")}]`,
      {
        plugin,
        field: "hello.api_versions",
        details: { plugin_versions: offered, host_versions: hostVersions.join(",") },
      },
    );
  }
  return agreed;
}
