/**
 * The host's base policies ship as `base-policies.cedar` beside this module
 * (and must be copied beside the bundle: dist/base-policies.cedar). They are
 * read once, when an authorizer is created, so an operator can read and diff
 * exactly what the host allows.
 */
import { readFileSync } from "node:fs";
import { HostError, HostErrorCode } from "../errors.js";

export const BASE_POLICY_FILE = "base-policies.cedar";

/** Where the file may be: beside this module (src/auth, tests) or beside the bundle (dist). */
function candidates(): URL[] {
  const urls: URL[] = [];
  // import.meta.url is empty in the CommonJS bundle; __dirname is undefined in ESM.
  const here = typeof import.meta.url === "string" ? import.meta.url : undefined;
  if (here) urls.push(new URL(`./${BASE_POLICY_FILE}`, here), new URL(`./auth/${BASE_POLICY_FILE}`, here));
  if (typeof __dirname === "string") urls.push(new URL(`file://${__dirname}/${BASE_POLICY_FILE}`));
  return urls;
}

/** The shipped base policies' Cedar text. */
export function readBasePolicies(): string {
  const tried: string[] = [];
  for (const url of candidates()) {
    try {
      return readFileSync(url, "utf8");
    } catch (error) {
      tried.push(url.pathname);
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        throw new HostError(HostErrorCode.POLICY_INVALID, `cannot read ${url.pathname}`, { cause: error });
      }
    }
  }
  throw new HostError(
    HostErrorCode.POLICY_INVALID,
    `the host's base policies (${BASE_POLICY_FILE}) were not found; looked at ${tried.join(", ")}`,
  );
}
