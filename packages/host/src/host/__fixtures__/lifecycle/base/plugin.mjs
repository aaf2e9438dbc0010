// Counts the say events it sees; `count` survives a reload (stateKeys).
export function createPlugin() {
  return {
    stateKeys: ["count"],
    count: 0,
    startup(context) {
      this.started = context.name;
    },
    handleEvent(event) {
      this.count += 1;
      return [{ stream: "log:base", type: "counted", payload: JSON.stringify({ count: this.count, seen: event.id }) }];
    },
    metrics() {
      return { count: this.count };
    },
  };
}
