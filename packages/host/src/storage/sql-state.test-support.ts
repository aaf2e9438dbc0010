import { sqlStateOf } from "./sql-client.js";

/** The SQLSTATE a statement failed with, or undefined when it succeeded. */
export async function sqlStateOfCall(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => sqlStateOf(error),
  );
}
