/** The plugin table: every plugin's health and traffic, live over SSE. */
import { useEffect, useState } from "preact/hooks";
import { api, type Discovered, type PluginRow } from "./api.js";
import { ms, rate, uptime } from "./format.js";

export function PluginTable(props: { onAuthLost(): void }) {
  const [rows, setRows] = useState<PluginRow[] | undefined>(undefined);
  const [discovered, setDiscovered] = useState<Discovered["plugins"]>([]);
  const [notice, setNotice] = useState("");

  useEffect(() => {
    const source = new EventSource("/api/stream/plugins");
    source.addEventListener("plugins", (message) => setRows(JSON.parse((message as MessageEvent).data).plugins));
    source.onerror = () => void api.session().catch(() => props.onAuthLost());
    return () => source.close();
  }, []);

  const refreshDiscovered = () =>
    void api
      .discovered()
      .then((result) => setDiscovered(result.plugins.filter((plugin) => !plugin.loaded)))
      .catch(() => undefined);
  useEffect(refreshDiscovered, [rows?.length]);

  async function act(what: string, run: () => Promise<unknown>) {
    if (!window.confirm(`${what}?`)) return;
    try {
      await run();
      setNotice(`${what}: done`);
    } catch (error) {
      setNotice(`${what}: ${(error as Error).message}`);
    }
    refreshDiscovered();
  }

  if (rows === undefined) return <p class="muted">Loading…</p>;
  return (
    <>
      <h1>Plugins</h1>
      {notice && <div class="notice">{notice}</div>}
      <table id="plugin-table">
        <thead>
          <tr>
            <th>name</th>
            <th>version</th>
            <th>runtime</th>
            <th>state</th>
            <th>uptime</th>
            <th>restarts</th>
            <th>events/s</th>
            <th>errors/s</th>
            <th>delivered</th>
            <th>timeouts</th>
            <th>drops</th>
            <th>queue</th>
            <th>p50</th>
            <th>p99</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name} data-plugin={row.name}>
              <td>
                <a href={`#/plugins/${encodeURIComponent(row.name)}`}>{row.name}</a>
              </td>
              <td class="text">{row.version}</td>
              <td class="text">{row.runtime}</td>
              <td class={`text state-${row.state}`} data-col="state" title={row.error ?? ""}>
                {row.state}
              </td>
              <td data-col="uptime">{uptime(row.uptimeSeconds)}</td>
              <td data-col="restarts">{row.restarts}</td>
              <td data-col="events">{rate(row.eventsPerSecond)}</td>
              <td data-col="errors">{rate(row.errorsPerSecond)}</td>
              <td data-col="delivered">{row.delivered}</td>
              <td data-col="timeouts">{row.timeouts}</td>
              <td data-col="drops">{row.drops}</td>
              <td data-col="queue">{row.queueDepth}</td>
              <td data-col="p50">{ms(row.p50Ms)}</td>
              <td data-col="p99">{ms(row.p99Ms)}</td>
              <td>
                {row.state === "running" && (
                  <button
                    type="button"
                    onClick={() => void act(`Reload ${row.name}`, () => api.reload(row.name, false))}
                  >
                    Reload
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Discovered, not loaded</h2>
      {discovered.length === 0 ? (
        <p class="muted">Every discovered plugin is loaded.</p>
      ) : (
        <table id="discovered-table">
          <tbody>
            {discovered.map((plugin) => (
              <tr key={plugin.dir} data-plugin={plugin.name}>
                <td>{plugin.name}</td>
                <td class="text">{plugin.version}</td>
                <td class="text">{plugin.runtime}</td>
                <td class="text muted">{plugin.dir}</td>
                <td>
                  <button type="button" onClick={() => void act(`Load ${plugin.name}`, () => api.load(plugin.dir))}>
                    Load
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
