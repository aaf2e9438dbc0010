import { describe, expect, it } from "vitest";
import type { CedarAuthorizationRequest } from "./cedar-request.js";
import { requestKey } from "./request-key.js";

const request = (over: Partial<CedarAuthorizationRequest> = {}): CedarAuthorizationRequest => ({
  principal: { kind: "plugin", id: "notes" },
  action: "read",
  resourceType: "kv",
  resourceId: "notes",
  context: { plugin: "notes" },
  ...over,
});

describe("requestKey", () => {
  it("is equal for equal requests and ignores context keys the authorizer never reads", () => {
    expect(requestKey(request(), undefined)).toBe(
      requestKey(request({ context: { plugin: "notes", other: 1 } }), undefined),
    );
  });

  it("differs in every input a decision reads", () => {
    const base = requestKey(request(), undefined);
    const variants: CedarAuthorizationRequest[] = [
      request({ principal: { kind: "system", id: "notes" } }),
      request({ principal: { kind: "plugin", id: "notes2" } }),
      request({ action: "write" }),
      request({ resourceType: "stream" }),
      request({ resourceId: "other" }),
      request({ context: { plugin: "notes", scope: "local" } }),
      request({ context: { plugin: "notes", locationId: "square" } }),
      request({ context: { plugin: "notes", sessionId: "s1" } }),
      request({ context: { plugin: "notes", command: "look" } }),
      request({ resourceAttributes: { location: "square" } }),
      request({ resourceAttributes: { owner: "alice" } }),
    ];
    const keys = variants.map((variant) => requestKey(variant, undefined));
    expect(new Set([base, ...keys]).size).toBe(variants.length + 1);
  });

  it("cannot be forged by moving text between fields, or by a value's type", () => {
    const split = (id: string, resourceId: string) =>
      requestKey(request({ principal: { kind: "plugin", id }, resourceId }), undefined);
    expect(split("ab", "c")).not.toBe(split("a", "bc"));
    expect(requestKey(request({ context: { plugin: 5 } }), undefined)).not.toBe(
      requestKey(request({ context: { plugin: "5" } }), undefined),
    );
  });

  it("carries what the host knows about a character: location and roles", () => {
    const asAlice = request({ principal: { kind: "character", id: "alice" } });
    const keys = [
      requestKey(asAlice, undefined),
      requestKey(asAlice, {}),
      requestKey(asAlice, { location: "square" }),
      requestKey(asAlice, { location: "tavern" }),
      requestKey(asAlice, { location: "tavern", roles: ["builder"] }),
      requestKey(asAlice, { location: "tavern", roles: ["builder", "gm"] }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});
