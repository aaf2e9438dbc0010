import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { createAdminSessions, SESSION_IDLE_MS } from "./admin-sessions.js";
import { tokenMatcher } from "./admin-token.js";

const matches = tokenMatcher("the-right-token-123456");
const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe("admin sessions", () => {
  it("knows a session by its cookie among others, and a bearer token by the token", () => {
    const sessions = createAdminSessions();
    const { id, label } = sessions.open();
    expect(sessions.identify(request({ cookie: `a=1; holomush_admin=${id}; b=2` }), matches)).toEqual({
      who: `session ${label}`,
      sessionId: id,
    });
    expect(sessions.identify(request({ authorization: "Bearer the-right-token-123456" }), matches)).toEqual({
      who: "bearer token",
    });
    // A wrong bearer token is refused even beside a valid cookie: no fallback.
    const both = request({ authorization: "Bearer wrong", cookie: `holomush_admin=${id}` });
    expect(sessions.identify(both, matches)).toBeUndefined();
    expect(sessions.identify(request({ cookie: "holomush_admin=" }), matches)).toBeUndefined();
    expect(sessions.identify(request({}), matches)).toBeUndefined();
  });

  it("ends a session after its idle time, and forgets the oldest past 64", () => {
    let now = 1_000;
    const sessions = createAdminSessions(() => now);
    const first = sessions.open();
    const cookie = (id: string) => request({ cookie: `holomush_admin=${id}` });
    now += SESSION_IDLE_MS - 1;
    expect(sessions.identify(cookie(first.id), matches)).toBeDefined(); // use renews it
    now += SESSION_IDLE_MS + 1;
    expect(sessions.identify(cookie(first.id), matches)).toBeUndefined();

    const opened = Array.from({ length: 65 }, () => sessions.open());
    expect(sessions.identify(cookie(opened[0]!.id), matches)).toBeUndefined();
    expect(sessions.identify(cookie(opened[64]!.id), matches)).toBeDefined();
  });

  it("sets the cookie HttpOnly and SameSite=Strict, and clears it", () => {
    const sessions = createAdminSessions();
    expect(sessions.cookie("abc")).toBe("holomush_admin=abc; HttpOnly; SameSite=Strict; Path=/");
    expect(sessions.clearCookie).toContain("Max-Age=0");
  });

  it("compares tokens whatever their type or length", () => {
    expect(matches("the-right-token-123456")).toBe(true);
    expect(matches("the-right-token-12345")).toBe(false);
    expect(matches(undefined)).toBe(false);
    expect(matches(42)).toBe(false);
  });
});
