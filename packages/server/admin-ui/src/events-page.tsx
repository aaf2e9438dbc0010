/** A live tail of the event stream, filtered by a stream pattern (SSE). */
import { useEffect, useState } from "preact/hooks";

interface TailEvent {
  id: string;
  stream: string;
  type: string;
  timestamp: number;
  actorKind: number;
  actorId: string;
  payload: string;
}

const KEEP = 200;
const ACTOR = ["?", "character", "system", "plugin"];

export function EventsPage() {
  const [draft, setDraft] = useState("*");
  const [pattern, setPattern] = useState("*");
  const [events, setEvents] = useState<TailEvent[]>([]);
  const [problem, setProblem] = useState("");

  useEffect(() => {
    setEvents([]);
    setProblem("");
    const source = new EventSource(`/api/stream/events?pattern=${encodeURIComponent(pattern)}`);
    source.addEventListener("event", (message) => {
      const event = JSON.parse((message as MessageEvent).data) as TailEvent;
      setEvents((list) => [event, ...list].slice(0, KEEP));
    });
    source.onerror = () => setProblem("the stream was interrupted (reconnecting)");
    source.onopen = () => setProblem("");
    return () => source.close();
  }, [pattern]);

  return (
    <>
      <h1>Event stream</h1>
      <form
        class="actions"
        onSubmit={(submit) => {
          submit.preventDefault();
          setPattern(draft.trim());
        }}
      >
        <label for="pattern">Stream pattern</label>
        <input id="pattern" value={draft} onInput={(input) => setDraft((input.target as HTMLInputElement).value)} />
        <button type="submit" class="primary">
          Filter
        </button>
        <span class="muted">e.g. location:*, system:plugins, * — newest first, last {KEEP}</span>
      </form>
      {problem && <p class="error">{problem}</p>}
      <div class="tail" id="event-tail">
        {events.map((event) => (
          <div key={event.id}>
            {new Date(event.timestamp).toLocaleTimeString()} {event.stream} {event.type} [
            {ACTOR[event.actorKind] ?? "?"} {event.actorId}] {event.payload}
          </div>
        ))}
      </div>
    </>
  );
}
