/**
 * The transport floor of a plugin's KV get: a bare node:http2 bidi stream on
 * a unix socket, in this process like the SDK's `serve` in
 * kv-host-service.bench.ts, whose server answers each length-prefixed key
 * with `KvStore.get` and nothing else — no protobuf, no Cedar, no request
 * correlation, no SDK. No HTTP/2 transport of the get can cost less than this
 * (docs/benchmarks.md, "Host calls over the plugin's stream").
 */
import { rmSync } from "node:fs";
import http2 from "node:http2";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEnvelopeReader, encodeEnvelope } from "@holomush/proto/internal";
import type { KvStore } from "../src/storage/kv-store.js";

export interface RawHttp2Kv {
  /** One get round trip: the key goes out on the stream, the value comes back. */
  get(key: string): Promise<Uint8Array | undefined>;
  close(): Promise<void>;
}

const EMPTY = new Uint8Array(0);

export async function startRawHttp2Kv(kv: KvStore, namespace: string): Promise<RawHttp2Kv> {
  const socketPath = join(tmpdir(), `holomush-raw-h2-${process.pid}-${Date.now()}.sock`);
  const server = http2.createServer();
  server.on("stream", (stream) => {
    stream.respond({ ":status": 200 });
    const reader = createEnvelopeReader();
    stream.on("data", (chunk: Buffer) => {
      for (const { payload } of reader.push(chunk)) {
        void kv.get(namespace, Buffer.from(payload).toString("utf8")).then((value) => {
          // Flag 1 marks "found", so an empty value and a missing key differ.
          stream.write(encodeEnvelope(value === undefined ? 0 : 1, value ?? EMPTY));
        });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const session = http2.connect("http://localhost", { createConnection: () => connect(socketPath) });
  const stream = session.request({ ":method": "POST", ":path": "/kv" });
  const reader = createEnvelopeReader();
  const waiting: ((value: Uint8Array | undefined) => void)[] = [];
  stream.on("data", (chunk: Buffer) => {
    for (const { flags, payload } of reader.push(chunk)) waiting.shift()?.(flags === 1 ? payload : undefined);
  });
  return {
    get(key) {
      return new Promise((resolve) => {
        waiting.push(resolve);
        stream.write(encodeEnvelope(0, Buffer.from(key, "utf8")));
      });
    },
    async close() {
      stream.close();
      session.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(socketPath, { force: true });
    },
  };
}
