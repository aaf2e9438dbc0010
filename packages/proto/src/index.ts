// The HoloMUSH plugin contracts: the messages and services generated from proto/
// by `buf generate`, and the wire vocabulary written beside them (src/error-code.ts,
// src/wasm-abi.ts, src/init-shapes.ts). This file chooses what the package exposes.

/** Api versions of the plugin protocol this contract describes, newest first. */
export const PLUGIN_API_VERSIONS = ["v1"] as const;

/**
 * HostHello.capabilities value: the host answers HostRequest frames, so a
 * plugin may make its PluginHostService calls over its open stream.
 */
export const HOST_REQUESTS_CAPABILITY = "host-requests";

export * from "../gen/holomush/plugin/v1/command_pb.js";
export * from "../gen/holomush/plugin/v1/config_pb.js";
export * from "../gen/holomush/plugin/v1/errors_pb.js";
// holomush.plugin.v1 — events, commands, focus, config and the two services.
export * from "../gen/holomush/plugin/v1/event_pb.js";
export * from "../gen/holomush/plugin/v1/focus_pb.js";
export * from "../gen/holomush/plugin/v1/host_service_pb.js";
export * from "../gen/holomush/plugin/v1/plugin_service_pb.js";
export * from "../gen/holomush/plugin/v1/stream_pb.js";
// holomush.scene.v1 — the scene service provided by examples/core-scenes.
export * from "../gen/holomush/scene/v1/scene_service_pb.js";
// holomush.world.v1 — the host-provided world service.
export * from "../gen/holomush/world/v1/world_service_pb.js";
// Hand-written: the wire vocabulary (error codes, the WASM ABI's JSON) and the *Init shapes.
export * from "./error-code.js";
export type * from "./init-shapes.js";
export * from "./wasm-abi.js";
