/**
 * The operator console's admin token: given by the operator (a file or
 * HOLOMUSH_ADMIN_TOKEN) or generated at start. Compared in constant time;
 * both sides are hashed first so their lengths do not leak either.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { HostError, HostErrorCode } from "@holomush/host";

/** A shorter token is refused: it would be guessable over the network. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;

export function generateAdminToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Reads a token file (first line, trimmed); names the file in the error. */
export function readAdminTokenFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new HostError(HostErrorCode.INVALID_ARGUMENT, `cannot read the admin token file ${file}`, {
      file,
      cause: error,
    });
  }
  return checkAdminToken(text.split(/\r?\n/)[0]?.trim() ?? "", file);
}

export function checkAdminToken(token: string, origin: string): string {
  if (token.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new HostError(
      HostErrorCode.INVALID_ARGUMENT,
      `the admin token from ${origin} is shorter than ${MIN_ADMIN_TOKEN_LENGTH} characters`,
      { file: origin, field: "admin token" },
    );
  }
  return token;
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** A matcher for one token; `matches` takes constant time whatever it is given. */
export function tokenMatcher(token: string): (candidate: unknown) => boolean {
  const expected = digest(token);
  return (candidate) => typeof candidate === "string" && timingSafeEqual(digest(candidate), expected);
}
