import { HOST_SERVICES } from "../host/create-host.js";
import { validatePaths } from "../manifest/validate-paths.js";

/** `holomush-host validate PATH…`: prints `path: field: CODE: message` per error; exit 1 when any. */
export async function validateCommand(paths: string[]): Promise<number> {
  const errors = await validatePaths(paths, { hostServices: [...HOST_SERVICES] });
  for (const error of errors) console.log(error.format());
  if (errors.length === 0) console.log(`ok: ${paths.join(", ")}`);
  return errors.length === 0 ? 0 : 1;
}
