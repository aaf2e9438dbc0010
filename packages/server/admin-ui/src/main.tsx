/** The operator console: login, then the plugin table, a plugin's page, the graph and the event tail. */
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, Unauthenticated } from "./api.js";
import { EventsPage } from "./events-page.js";
import { GraphPage } from "./graph-page.js";
import { PluginPage } from "./plugin-page.js";
import { PluginTable } from "./plugin-table.js";

function useHash(): string {
  const [hash, setHash] = useState(location.hash || "#/");
  useEffect(() => {
    const update = () => setHash(location.hash || "#/");
    addEventListener("hashchange", update);
    return () => removeEventListener("hashchange", update);
  }, []);
  return hash;
}

function Login(props: { onLogin(who: string): void }) {
  const [token, setToken] = useState("");
  const [problem, setProblem] = useState("");
  return (
    <form
      class="login"
      id="login"
      onSubmit={(submit) => {
        submit.preventDefault();
        api.login(token).then(
          (session) => props.onLogin(session.who),
          (error: Error) => setProblem(error instanceof Unauthenticated ? "Wrong admin token." : error.message),
        );
      }}
    >
      <h1>HoloMUSH operator console</h1>
      <label for="token">Admin token</label>
      <input
        id="token"
        type="password"
        autocomplete="current-password"
        value={token}
        onInput={(e) => setToken((e.target as HTMLInputElement).value)}
      />
      <button type="submit" class="primary">
        Sign in
      </button>
      {problem && (
        <p class="error" id="login-error">
          {problem}
        </p>
      )}
      <p class="muted">The token is printed when the host starts, or given with --admin-token-file.</p>
    </form>
  );
}

function App() {
  const [who, setWho] = useState<string | null | undefined>(undefined);
  const hash = useHash();
  useEffect(
    () =>
      void api.session().then(
        (s) => setWho(s.who),
        () => setWho(null),
      ),
    [],
  );
  if (who === undefined) return <p class="muted">Loading…</p>;
  if (who === null) return <Login onLogin={setWho} />;
  const plugin = /^#\/plugins\/(.+)$/.exec(hash)?.[1];
  const nav = (href: string, label: string) => (
    <a href={href} class={hash === href || (href === "#/" && plugin !== undefined) ? "active" : ""}>
      {label}
    </a>
  );
  return (
    <>
      <header>
        <strong>HoloMUSH</strong>
        {nav("#/", "Plugins")}
        {nav("#/graph", "Dependency graph")}
        {nav("#/events", "Event stream")}
        <span class="who">
          {who}{" "}
          <button type="button" onClick={() => void api.logout().finally(() => setWho(null))}>
            Sign out
          </button>
        </span>
      </header>
      <main>
        {plugin !== undefined ? (
          <PluginPage name={decodeURIComponent(plugin)} />
        ) : hash === "#/graph" ? (
          <GraphPage />
        ) : hash === "#/events" ? (
          <EventsPage />
        ) : (
          <PluginTable onAuthLost={() => setWho(null)} />
        )}
      </main>
    </>
  );
}

render(<App />, document.getElementById("app") as HTMLElement);
