/**
 * One protocol message run on PGlite at once, without its locks and without
 * its `syncToFs` — for an adapter that is the database's only user and knows
 * none of its own calls is under way (pglite-prepared.ts). PGlite's
 * `execProtocol` takes two mutexes and awaits `syncToFs` behind a third;
 * each costs promise hops, together ~20 µs of a ~70 µs KV get
 * (docs/storage.md, "Layout"). The engine call
 * itself is synchronous either way.
 */
import { MemoryFS, type PGlite, protocol } from "@electric-sql/pglite";

type BackendMessage = Parameters<Parameters<InstanceType<typeof protocol.Parser>["parse"]>[1]>[0];

/**
 * Whether `syncToFs` is PGlite's no-op (the Node and in-memory file systems
 * keep every write in the engine's own files). A file system that copies
 * writes elsewhere after each query (IndexedDB, a memfs backend) must get
 * its sync: such a database never takes the direct path.
 */
export function syncIsNoop(db: PGlite): boolean {
  return db.fs?.syncToFs === MemoryFS.prototype.syncToFs;
}

export interface DirectRunner {
  /** Runs `message` now; resolves with its backend messages, rejects with the server's error. */
  run(message: Uint8Array): Promise<BackendMessage[]>;
}

export function createDirectRunner(db: PGlite): DirectRunner {
  let parser = new protocol.Parser();
  return {
    async run(message) {
      const chunks: Uint8Array[] = [];
      // With syncToFs false, execProtocolRawStream does its work before it returns:
      // the engine runs in this call, not after an await.
      await db.execProtocolRawStream(message, {
        syncToFs: false,
        // The bytes are a view of the engine's buffer, reused by the next call.
        onRawData: (bytes) => chunks.push(bytes.slice()),
      });
      const messages: BackendMessage[] = [];
      try {
        for (const chunk of chunks) parser.parse(chunk, (parsed) => messages.push(parsed));
      } catch (error) {
        // A parser that failed mid-message would misread the next call's bytes.
        parser = new protocol.Parser();
        throw error;
      }
      const failure = messages.find((parsed) => parsed.name === "error");
      if (failure) throw failure;
      return messages;
    },
  };
}
