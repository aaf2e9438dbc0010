/**
 * Load failures as thrown, coded errors. The host reports a bad plugin and
 * carries on (right for a server); a test must stop at it, so the testkit
 * turns any error in a LoadReport into a PluginLoadError: a HostError with
 * the first failure's code, plugin, file and field, and the whole report.
 */
import { join } from "node:path";
import {
  HostError,
  HostErrorCode,
  type LoadReport,
  loadManifest,
  MANIFEST_FILE_NAME,
  type ManifestSource,
} from "@holomush/host";

/** A plugin failed to load in the test host: a HostError with the first failure's code, plugin, file and field. */
export class PluginLoadError extends HostError {
  /** Everything the host reported for the load. */
  readonly report: LoadReport;

  constructor(report: LoadReport) {
    const first = report.failed[0]?.error ?? report.errors[0];
    const problems = report.errors.length > 0 ? report.errors : report.failed.map((failure) => failure.error);
    const lines = problems.map((problem) => `  - ${describeProblem(problem)}`);
    super(first?.code ?? HostErrorCode.PLUGIN_LOAD_FAILED, `plugin load failed:\n${lines.join("\n")}`, {
      ...(first?.plugin === undefined ? {} : { plugin: first.plugin }),
      ...(first?.file === undefined ? {} : { file: first.file }),
      ...(first?.field === undefined ? {} : { field: first.field }),
      ...(first === undefined ? {} : { cause: first, details: first.details }),
    });
    this.report = report;
  }
}

function describeProblem(problem: HostError): string {
  const cause = problem.cause instanceof Error && problem.cause !== problem ? ` (${problem.cause.message})` : "";
  const plugin = problem.plugin === undefined ? "" : `[${problem.plugin}] `;
  return `${plugin}${problem.format()}${cause}`;
}

/** Returns the report when nothing failed; throws PluginLoadError otherwise. */
export function requireLoaded(report: LoadReport | undefined): LoadReport {
  const checked = report ?? { loaded: [], failed: [], errors: [] };
  if (checked.failed.length > 0 || checked.errors.length > 0) throw new PluginLoadError(checked);
  return checked;
}

/** Reads and validates `<dir>/plugin.yaml` (or `dir` itself when it names the file). */
export async function readPluginDir(dir: string): Promise<ManifestSource> {
  const file = dir.endsWith(MANIFEST_FILE_NAME) ? dir : join(dir, MANIFEST_FILE_NAME);
  const result = await loadManifest(file);
  if (result.source === undefined) throw new PluginLoadError({ loaded: [], failed: [], errors: result.errors });
  return result.source;
}
