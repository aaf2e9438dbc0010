/**
 * Identity on the host socket: bearer token -> the plugin it was issued to.
 * The token is the only thing a request can present; the binding it resolves
 * to carries the plugin's own PluginHostApi and broker grants, so nothing in
 * a request body can name another plugin.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { HostHelloSchema, PluginHello } from "@holomush/proto";
import type { PluginHostApi } from "../../plugins/plugin-host-api.js";
import type { PluginStream } from "./plugin-stream.js";

export interface PluginBinding {
  readonly pluginName: string;
  /** The host API bound to this plugin (from its load context). */
  readonly host: PluginHostApi;
  /** Broker ids issued to this plugin -> the service each one reaches. */
  readonly brokers: ReadonlyMap<string, string>;
  /**
   * Validates a hello on a new stream and takes the stream over; throws a
   * HostError to refuse it. Returns the HostHello to send.
   */
  accept(hello: PluginHello, stream: PluginStream): MessageInitShape<typeof HostHelloSchema>;
  /** Counts a request of this plugin refused outside its host API (e.g. an undeclared broker call). */
  refused?(code: string): void;
}

export interface BindingRegistry {
  /** Registers a binding under a token; returns a function that revokes it. */
  add(token: string, binding: PluginBinding): () => void;
  /** Resolves an `authorization` header value (`Bearer <token>`). */
  authenticate(authorization: string | null): PluginBinding | undefined;
}

export function createBindingRegistry(): BindingRegistry {
  const entries: { digest: Buffer; binding: PluginBinding }[] = [];
  return {
    add(token, binding) {
      const entry = { digest: digest(token), binding };
      entries.push(entry);
      return () => {
        const index = entries.indexOf(entry);
        if (index >= 0) entries.splice(index, 1);
      };
    },
    authenticate(authorization) {
      if (!authorization?.startsWith("Bearer ")) return undefined;
      const presented = digest(authorization.slice("Bearer ".length).trim());
      // Compare against every entry without an early exit: constant time in the token.
      let found: PluginBinding | undefined;
      for (const entry of entries) {
        if (timingSafeEqual(entry.digest, presented) && !found) found = entry.binding;
      }
      return found;
    },
  };
}

function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}
