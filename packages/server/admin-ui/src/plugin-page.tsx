/** One plugin: its numbers, rate and latency over time, last errors, manifest and actions. */
import { useEffect, useState } from "preact/hooks";
import { api, type PluginDetail } from "./api.js";
import { LineChart } from "./chart.js";
import { ms, rate, uptime } from "./format.js";

export function PluginPage(props: { name: string }) {
  const [detail, setDetail] = useState<PluginDetail | undefined>(undefined);
  const [problem, setProblem] = useState("");
  const [notice, setNotice] = useState("");

  useEffect(() => {
    let live = true;
    const load = () =>
      api.plugin(props.name).then(
        (value) => {
          if (!live) return;
          setDetail(value);
          setProblem("");
        },
        (error: Error) => {
          if (live) setProblem(error.message);
        },
      );
    void load();
    const timer = setInterval(load, 1000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [props.name]);

  async function act(what: string, run: () => Promise<unknown>) {
    if (!window.confirm(`${what}?`)) return;
    try {
      await run();
      setNotice(`${what}: done`);
    } catch (error) {
      setNotice(`${what}: ${(error as Error).message}`);
    }
  }

  if (detail === undefined) return <p class={problem ? "error" : "muted"}>{problem || "Loading…"}</p>;
  const { plugin, series } = detail;
  return (
    <>
      <h1>
        {plugin.name} <span class="muted">{plugin.version}</span>
      </h1>
      {notice && <div class="notice">{notice}</div>}
      {problem && <p class="error">{problem}</p>}
      <p>
        <span class={`state-${plugin.state}`} id="plugin-state">
          {plugin.state}
        </span>{" "}
        · {plugin.runtime} · up {uptime(plugin.uptimeSeconds)} · {plugin.restarts} restarts ·{" "}
        {rate(plugin.eventsPerSecond)} events/s · {rate(plugin.errorsPerSecond)} errors/s · p50 {ms(plugin.p50Ms)} · p99{" "}
        {ms(plugin.p99Ms)} · queue {plugin.queueDepth} · {plugin.timeouts} timeouts · {plugin.drops} drops
      </p>
      {plugin.error && <p class="error">{plugin.error}</p>}
      <div class="actions">
        <button type="button" onClick={() => void act(`Reload ${plugin.name}`, () => api.reload(plugin.name, false))}>
          Reload
        </button>
        <button
          type="button"
          onClick={() => void act(`Reload ${plugin.name} and its dependents`, () => api.reload(plugin.name, true))}
        >
          Reload with dependents
        </button>
        <button
          type="button"
          class="danger"
          onClick={() => void act(`Unload ${plugin.name}`, () => api.unload(plugin.name))}
        >
          Unload
        </button>
      </div>
      <div class="charts">
        <LineChart title="events/s" unit="/s" points={series.map((p) => [p.t, p.eventsPerSecond])} />
        <LineChart title="errors/s" unit="/s" points={series.map((p) => [p.t, p.errorsPerSecond])} />
        <LineChart title="p99 latency" unit="ms" points={series.map((p) => [p.t, p.p99Ms])} />
      </div>
      <h2>Last errors</h2>
      {detail.lastErrors.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <table id="last-errors">
          <tbody>
            {detail.lastErrors.map((error) => (
              <tr key={`${error.at}-${error.message}`}>
                <td>{new Date(error.at).toLocaleTimeString()}</td>
                <td class="text">{error.kind}</td>
                <td class="text">{error.message}</td>
                <td class="text muted">{error.event ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Manifest</h2>
      <p class="muted">{detail.file}</p>
      <pre>{JSON.stringify(detail.manifest, null, 2)}</pre>
    </>
  );
}
