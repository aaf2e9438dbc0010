import { create, type JsonObject } from "@bufbuild/protobuf";
import { PLUGIN_API_VERSIONS, type ServiceConfig, ServiceConfigSchema } from "@holomush/proto";
import type { ManifestSource } from "../manifest/manifest.js";

/** The ServiceConfig every runtime's Init receives; runtimes may add broker addresses. */
export function baseServiceConfig(source: ManifestSource, connectionString = ""): ServiceConfig {
  return create(ServiceConfigSchema, {
    pluginName: source.manifest.name,
    apiVersion: PLUGIN_API_VERSIONS[0],
    connectionString,
    // google.protobuf.Struct is a plain JSON object in protobuf-es; the round
    // trip drops what it cannot hold (undefined, functions).
    pluginConfig: JSON.parse(JSON.stringify(source.manifest.config ?? {})) as JsonObject,
  });
}
