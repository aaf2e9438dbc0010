/** Test support: throwaway databases come from the shared test services (tools/test-services). */
export { createThrowawayDatabase, type ThrowawayDatabase, urlForDatabase } from "@holomush/test-services";
