/**
 * The `*Init` shapes of the messages plugins and hosts build most often: a
 * plain object `create()` accepts (no `$typeName`, every field optional).
 * One definition for @holomush/host and @holomush/plugin-sdk.
 */
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { CommandResponseSchema } from "../gen/holomush/plugin/v1/command_pb.js";
import type { EmitEventSchema } from "../gen/holomush/plugin/v1/event_pb.js";
import type { EventResultSchema } from "../gen/holomush/plugin/v1/plugin_service_pb.js";

/** An EmitEvent as a plain object: `{ stream, type, payload }`. */
export type EmitEventInit = MessageInitShape<typeof EmitEventSchema>;
/** A CommandResponse as a plain object: `{ status, output, events }`. */
export type CommandResponseInit = MessageInitShape<typeof CommandResponseSchema>;
/** An EventResult as a plain object: `{ cancel, payload, reason }`. */
export type EventResultInit = MessageInitShape<typeof EventResultSchema>;
