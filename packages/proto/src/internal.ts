// @holomush/proto/internal — wire helpers shared by @holomush/host and
// @holomush/plugin-sdk (Connect stream envelopes, hand-rolled codecs for the
// hottest frames). Node only. NOT semver-stable: for our packages, not users.
export {
  createBatchWriter,
  createEnvelopeReader,
  END_STREAM_FLAG,
  type Envelope,
  encodeEnvelope,
} from "./internal/envelope.js";
export { decodeEventCall, encodeEventCall } from "./internal/event-call-codec.js";
export { decodeEventReply, encodeEventReply } from "./internal/event-reply-codec.js";
export {
  decodeHostRequest,
  decodeHostResponse,
  decodeKvGetRequest,
  decodeKvGetResponse,
  encodeHostRequest,
  encodeHostResponse,
  encodeKvGetRequest,
  encodeKvGetResponse,
} from "./internal/host-request-codec.js";
