/**
 * PluginHostService's unary methods, written once against the plugin-bound
 * PluginHostApi. Both transports run these same functions: the unary Connect
 * routes (host-service-routes.ts) and HostRequest frames on the plugin's
 * stream (host-requests.ts), so authorization, the emit fence, limits and
 * error codes cannot drift apart.
 */
import {
  create,
  type DescMessage,
  fromBinary,
  type MessageInitShape,
  type MessageShape,
  toBinary,
} from "@bufbuild/protobuf";
import { type FocusKey, PluginHostService } from "@holomush/proto";
import { decodeKvGetRequest, encodeKvGetResponse } from "@holomush/proto/internal";
import { HostError, HostErrorCode } from "../../errors.js";
import type { FocusTarget, PluginHostApi } from "../../plugins/plugin-host-api.js";

type Methods = typeof PluginHostService.method;
/** Every PluginHostService method but the stream itself. */
export type HostMethodName = Exclude<keyof Methods, "connect">;
type Run<I extends DescMessage, O extends DescMessage> = (
  host: PluginHostApi,
  request: MessageShape<I>,
) => Promise<MessageInitShape<O>> | MessageInitShape<O>;

/** One implementation per method, keyed by the method's local name (`kvGet`). */
export type HostMethods = { [K in HostMethodName]: Run<Methods[K]["input"], Methods[K]["output"]> };

export const hostMethods: HostMethods = {
  emitEvent: async (host, request) => ({ eventIds: await host.emit(request.events) }),
  log: (host, request) => {
    host.log(request.level, request.message, request.fields);
    return {};
  },
  kvGet: async (host, request) => {
    const value = await host.kvGet(request.key);
    return { value: value ?? new Uint8Array(), found: value !== undefined };
  },
  kvSet: async (host, request) => {
    await host.kvSet(request.key, request.value);
    return {};
  },
  kvDelete: async (host, request) => ({ deleted: await host.kvDelete(request.key) }),
  kvList: async (host, request) => {
    const page = await host.kvList(request.prefix, request.pageSize || undefined, request.pageToken || undefined);
    return { entries: page.entries, nextPageToken: page.nextPageToken };
  },
  joinFocus: async (host, request) => ({ streams: await host.joinFocus(request.sessionId, target(request.target)) }),
  leaveFocus: async (host, request) => ({
    wasMember: await host.leaveFocus(request.sessionId, target(request.target)),
  }),
  leaveFocusByTarget: async (host, request) => ({
    sessionsLeft: await host.leaveFocusByTarget(target(request.target), request.characterId || undefined),
  }),
  presentFocus: async (host, request) => {
    await host.presentFocus(request.sessionId, target(request.target));
    return {};
  },
  queryStreamHistory: async (host, request) => {
    const page = await host.queryStreamHistory({
      stream: request.stream,
      count: request.count,
      notBeforeMs: Number(request.notBeforeMs),
      ...(request.cursor ? { cursor: request.cursor } : {}),
    });
    return { entries: page.entries, nextCursor: page.nextCursor };
  },
};

/** A method as a HostRequest names it (`KvGet`): its implementation and how its messages are coded. */
export interface HostMethodEntry {
  input: DescMessage;
  run(host: PluginHostApi, request: unknown): Promise<unknown> | unknown;
  /** The request from protobuf binary (throws on bytes that are not one). */
  decode(bytes: Uint8Array): unknown;
  /** The response, as `run` resolved it, in protobuf binary. */
  encode(output: unknown): Uint8Array;
}

/** The methods by their proto name; `Connect` is not one of them. */
export const hostMethodsByName: ReadonlyMap<string, HostMethodEntry> = new Map(
  PluginHostService.methods
    .filter((method) => method.methodKind === "unary")
    .map((method): [string, HostMethodEntry] => {
      const run = hostMethods[method.localName as HostMethodName] as HostMethodEntry["run"];
      const entry: HostMethodEntry = {
        input: method.input,
        run,
        decode: (bytes) => fromBinary(method.input, bytes),
        encode: (output) => toBinary(method.output, create(method.output, output as never)),
      };
      return [method.name, method.name === "KvGet" ? withKvGetCodec(entry) : entry];
    }),
);

/** KvGet, the hottest host call, skips reflection for its two small messages. */
function withKvGetCodec(entry: HostMethodEntry): HostMethodEntry {
  return {
    ...entry,
    decode: (bytes) => decodeKvGetRequest(bytes) ?? entry.decode(bytes),
    encode: (output) => {
      const { value, found } = output as { value: Uint8Array; found: boolean };
      return encodeKvGetResponse(value, found);
    },
  };
}

function target(key: FocusKey | undefined): FocusTarget {
  if (!key) throw new HostError(HostErrorCode.INVALID_ARGUMENT, "a focus target is required", { field: "target" });
  return { kind: key.kind, targetId: key.targetId };
}
