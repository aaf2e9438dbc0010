/**
 * The key of the authorizer's request-level decision cache: every input of a
 * decision that is not the installed policies (those are the cache's epoch):
 * the request's principal, action, resource, context values and resource
 * attributes, and what the host knows about a character principal. Two
 * requests with equal keys get the same decision under the same policies, so
 * a hit skips building the Cedar request and its JSON key (cedar-request.ts
 * `callKey`, which stays behind it for requests that differ only in what no
 * policy reads). Each part is length-prefixed, so no id can forge another
 * key's boundaries.
 */
import type { CedarAuthorizationRequest, CharacterAttributes } from "./cedar-request.js";
import { CONTEXT_KEYS } from "./cedar-schema.js";

const part = (value: unknown): string => {
  const text = value === undefined ? "" : String(value);
  return `${text.length}:${text}`;
};

export function requestKey(request: CedarAuthorizationRequest, character: CharacterAttributes | undefined): string {
  let key =
    part(request.principal.kind) +
    part(request.principal.id) +
    part(request.action) +
    part(request.resourceType) +
    part(request.resourceId);
  const context = request.context;
  // Typed: the authorizer reads some context values only when they are strings.
  for (const name of CONTEXT_KEYS) {
    const value = context?.[name];
    key += part(value === undefined ? undefined : `${typeof value}:${value}`);
  }
  key += part(request.resourceAttributes?.location) + part(request.resourceAttributes?.owner);
  if (character !== undefined) {
    key += part(character.location);
    for (const role of character.roles ?? []) key += part(role);
  }
  return key;
}
