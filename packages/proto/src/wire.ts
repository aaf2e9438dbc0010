// @holomush/proto/wire — the wire vocabulary without the protobuf runtime:
// the platform's error codes and the WASM ABI's JSON types. Guests (the JS PDK
// in QuickJS) import this entry; everything here is also on the main entry.
export * from "./error-code.js";
export * from "./wasm-abi.js";
