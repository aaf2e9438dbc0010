// An in-process plugin directory: welcomes every arrival and answers "greet <name>".
export const plugin = {
  handleEvent(event) {
    const { name } = JSON.parse(event.payload);
    return [{ stream: event.stream, type: "welcome", payload: JSON.stringify({ message: `Welcome, ${name}!` }) }];
  },
  handleCommand(request) {
    return { status: 1, output: `${request.characterName} greets ${request.args || "everyone"}.` };
  },
};
