/**
 * One simulated player on the real console protocol (first line: the name;
 * every line after: a command; every line back: one message). `expect`
 * registers what the player waits for BEFORE the command is written, and
 * resolves with the time (performance.now) the chunk holding that line
 * arrived, so a round trip is measured socket to socket.
 */
import net from "node:net";

interface Expectation {
  test(line: string): boolean;
  resolve(at: number): void;
}

export class GamePlayer {
  readonly socket: net.Socket;
  private buffer = "";
  private expectations: Expectation[] = [];
  /** Lines received in all (each counts once, matched or not). */
  lines = 0;

  private constructor(
    readonly name: string,
    socket: net.Socket,
  ) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => this.read(chunk, performance.now()));
  }

  /** A connection that has not logged in (also for a bare echo server). */
  static async open(name: string, port: number): Promise<GamePlayer> {
    const socket = net.connect(port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    socket.on("error", () => {});
    return new GamePlayer(name, socket);
  }

  /** Connects and logs in as `name`. */
  static async connect(name: string, port: number): Promise<GamePlayer> {
    const player = await GamePlayer.open(name, port);
    const welcomed = player.expect((line) => line.startsWith(`Welcome, ${name}.`));
    player.send(name);
    await welcomed;
    return player;
  }

  /** Resolves with the arrival time of the first line (from now on) that passes `test`. */
  expect(test: (line: string) => boolean): Promise<number> {
    return new Promise((resolve) => this.expectations.push({ test, resolve }));
  }

  /** Stops waiting for the line `test` was given for (an answer that never came). */
  forget(test: (line: string) => boolean): void {
    this.expectations = this.expectations.filter((expectation) => expectation.test !== test);
  }

  send(line: string): void {
    this.socket.write(`${line}\n`);
  }

  close(): void {
    this.socket.destroy();
  }

  private read(chunk: string, at: number): void {
    this.buffer += chunk;
    let end = this.buffer.indexOf("\r\n");
    while (end >= 0) {
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      this.lines++;
      const index = this.expectations.findIndex((expectation) => expectation.test(line));
      if (index >= 0) this.expectations.splice(index, 1)[0]?.resolve(at);
      end = this.buffer.indexOf("\r\n");
    }
  }
}
