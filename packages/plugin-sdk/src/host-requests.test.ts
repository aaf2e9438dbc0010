import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import {
  ConnectRequestSchema,
  type HostRequest,
  HostResponseSchema,
  KvGetRequestSchema,
  KvGetResponseSchema,
} from "@holomush/proto";
import { describe, expect, it } from "vitest";
import { createFocusClient } from "./focus-client.js";
import { FocusError, HostCallError } from "./host-call-error.js";
import { HOST_CONNECTION_LOST, HostRequestClient, streamHostCalls } from "./host-requests.js";

function client() {
  const sent: Uint8Array[] = [];
  const requests = new HostRequestClient((frame) => sent.push(frame));
  const request = (index: number): HostRequest => {
    const frame = fromBinary(ConnectRequestSchema, sent[index] ?? new Uint8Array()).frame;
    if (frame.case !== "hostRequest") throw new Error(`frame ${index} is not a HostRequest`);
    return frame.value;
  };
  return { requests, calls: streamHostCalls(requests), sent, request };
}

describe("HostRequestClient", () => {
  it("sends each call as a HostRequest with its own id and resolves it from its HostResponse", async () => {
    const { requests, calls, request } = client();
    const first = calls.kvGet({ key: "a" });
    const second = calls.kvGet({ key: "b" });
    expect(request(0).method).toBe("KvGet");
    expect(fromBinary(KvGetRequestSchema, request(1).message ?? new Uint8Array()).key).toBe("b");
    expect(request(0).requestId).not.toBe(request(1).requestId);
    const answer = (id: bigint | undefined, value: number[]) =>
      requests.receive(
        create(HostResponseSchema, {
          requestId: id ?? 0n,
          message: toBinary(
            KvGetResponseSchema,
            create(KvGetResponseSchema, { found: true, value: new Uint8Array(value) }),
          ),
        }),
      );
    answer(request(1).requestId, [2]);
    answer(request(0).requestId, [1]);
    expect(Array.from((await first).value)).toEqual([1]);
    expect(Array.from((await second).value)).toEqual([2]);
    expect(requests.inFlight).toBe(0);
  });

  it("drops a response to an unknown or already answered request_id", async () => {
    const { requests, calls, request } = client();
    const pending = calls.kvGet({ key: "a" });
    const id = request(0).requestId ?? 0n;
    requests.receive(create(HostResponseSchema, { requestId: id + 100n }));
    expect(requests.inFlight).toBe(1);
    requests.receive(create(HostResponseSchema, { requestId: id }));
    requests.receive(create(HostResponseSchema, { requestId: id, code: Code.Internal }));
    expect((await pending).found).toBe(false);
  });

  it("turns a coded HostResponse into a HostCallError with the host's code", async () => {
    const { requests, calls, request } = client();
    const pending = calls.kvSet({ key: "" });
    requests.receive(
      create(HostResponseSchema, {
        requestId: request(0).requestId ?? 0n,
        code: Code.InvalidArgument,
        error: { code: "KV_KEY_INVALID", message: "key must be 1-512 bytes", metadata: { field: "key" } },
      }),
    );
    const error = await pending.catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(HostCallError);
    expect(error).toMatchObject({
      code: "KV_KEY_INVALID",
      connectCode: Code.InvalidArgument,
      details: { field: "key" },
    });
  });

  it("fails every call in flight, and every later one, with HOST_CONNECTION_LOST when the stream closes", async () => {
    const { requests, calls, sent } = client();
    const inFlight = [calls.kvGet({ key: "a" }), calls.emitEvent({ events: [] })];
    requests.close("connection reset");
    for (const call of inFlight) {
      await expect(call).rejects.toMatchObject({ code: HOST_CONNECTION_LOST, connectCode: Code.Unavailable });
    }
    await expect(calls.kvGet({ key: "b" })).rejects.toMatchObject({ code: HOST_CONNECTION_LOST });
    expect(sent).toHaveLength(2);
  });

  it("gives FocusClient's callers a FocusError, as the unary path does", async () => {
    const { requests, calls, request } = client();
    const pending = createFocusClient(calls).presentFocus("s1", { kind: 1, targetId: "t" });
    requests.receive(
      create(HostResponseSchema, {
        requestId: request(0).requestId ?? 0n,
        code: Code.FailedPrecondition,
        error: { code: "FOCUS_NOT_MEMBER", message: "not a member" },
      }),
    );
    const error = await pending.catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(FocusError);
    expect(error).toMatchObject({ code: "FOCUS_NOT_MEMBER" });
  });
});
