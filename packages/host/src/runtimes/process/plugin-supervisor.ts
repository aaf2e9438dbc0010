/**
 * One process plugin's lifecycle, host side. States:
 *
 *   connecting ──hello ok──▶ ready ──stream lost / exit / missed pong──▶ restarting
 *        ▲                                                              │ backoff
 *        └──────────────────────────────────────────────────────────────┘
 *   too many crashes in the window ─▶ failed (onFailure listeners)   shutdown ─▶ stopped
 *
 * A spawned plugin is restarted with capped exponential backoff, then
 * re-handshaken and re-Init'ed with the last config; in-flight calls fail
 * with PLUGIN_UNAVAILABLE and calls made meanwhile wait (bounded by their
 * own signal) for the new process. A dial-in plugin is never spawned: after a
 * drop the host waits for it to dial in again.
 */

import type { ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { HOST_REQUESTS_CAPABILITY, type HostHelloSchema, type PluginHello, type PluginReply } from "@holomush/proto";
import type { Logger } from "pino";
import { HostError, HostErrorCode } from "../../errors.js";
import type { ManifestSource } from "../../manifest/manifest.js";
import type { PluginHostApi } from "../../plugins/plugin-host-api.js";
import type { RestartReason } from "../../plugins/runtime.js";
import { checkHello } from "./handshake.js";
import type { PluginBinding } from "./plugin-bindings.js";
import type { HostCallBody, PluginStream } from "./plugin-stream.js";
import { lowerPriority, restoreHostPriority } from "./process-priority.js";
import { bindingForStart, spawnedConnection } from "./spawn-connection.js";
import { spawnPlugin } from "./spawn-plugin.js";

/** When a crashed process plugin is restarted, and when it is marked failed instead. */
export interface RestartPolicy {
  /** First restart delay in ms (default 250). */
  initialDelayMs: number;
  /** Delay cap in ms (default 8000). */
  maxDelayMs: number;
  /** Crashes within `windowMs` that mark the plugin failed (default 5). */
  maxCrashes: number;
  /** Window for counting crashes in ms (default 60000). */
  windowMs: number;
  /**
   * Nice steps below the host for a RESTARTED child until it is ready, and for
   * a child past an event deadline until it answers a health check (default
   * 10; 0 disables): a faulty plugin must not starve healthy ones
   * (process-priority.ts).
   */
  faultNice?: number;
}

/** Ping/Pong health checks of a process plugin. */
export interface HealthPolicy {
  /** Ping interval in ms (default 5000; 0 disables). */
  intervalMs: number;
  /** Missing Pong after this many ms counts as a crash (default 5000). */
  timeoutMs: number;
}

export interface SupervisorOptions {
  source: ManifestSource;
  host: PluginHostApi;
  logger: Logger;
  apiVersions: readonly string[];
  hostVersion: string;
  /** Spawn settings; absent for dial-in plugins. */
  spawn?: {
    executable: string;
    args: string[];
    cwd: string;
    env: Record<string, string>;
    maxOutputLineBytes?: number;
  };
  brokers: ReadonlyMap<string, string>;
  restart: RestartPolicy;
  health: HealthPolicy;
  /** Serves a spawned child's connection (fd 3) bound to that one process start. */
  adoptConnection?: (socket: Socket, binding: PluginBinding) => void;
  /** How long a spawned plugin may take to dial in and say hello. */
  connectTimeoutMs: number;
  shutdownGraceMs: number;
}

type State = "connecting" | "ready" | "restarting" | "failed" | "stopped";

export class PluginSupervisor implements PluginBinding {
  readonly pluginName: string;
  readonly host: PluginHostApi;
  readonly brokers: ReadonlyMap<string, string>;
  apiVersion = "";
  restarts = 0;
  /** Services the plugin offered in its first hello. */
  providedServices: string[] = [];
  private state: State = "connecting";
  private stream: PluginStream | undefined;
  private child: ChildProcess | undefined;
  private waiter: { resolve(): void; reject(error: HostError): void } | undefined;
  private readonly stateWaiters = new Set<() => void>();
  private readonly failureListeners: ((reason: string) => void)[] = [];
  private readonly restartListeners: ((reason: RestartReason) => void)[] = [];
  private crashes: number[] = [];
  private restartTimer: NodeJS.Timeout | undefined;
  /** Whether the next spawn is a restart (started at a lower priority). */
  private restarting = false;
  /** Whether the current child runs at the lowered start-up priority. */
  private niced = false;
  private healthTimer: NodeJS.Timeout | undefined;
  private initialized = false;
  private reinit: ((stream: PluginStream) => Promise<void>) | undefined;
  private lastRefusal: HostError | undefined;

  constructor(private readonly options: SupervisorOptions) {
    this.pluginName = options.source.manifest.name;
    this.host = options.host;
    this.brokers = options.brokers;
  }

  /** First start: spawn (or wait for the dial-in) and complete the handshake. */
  async start(timeoutMs: number, signal: AbortSignal): Promise<void> {
    try {
      await this.connect(timeoutMs, signal);
      this.setState("ready");
      this.startHealth();
    } catch (error) {
      await this.stop("load failed");
      throw error;
    }
  }

  /** PluginBinding: a stream said hello with this plugin's token. */
  accept(hello: PluginHello, stream: PluginStream): MessageInitShape<typeof HostHelloSchema> {
    if (this.state === "failed" || this.state === "stopped") {
      throw new HostError(HostErrorCode.PLUGIN_UNAVAILABLE, `${this.pluginName} is ${this.state}`, {
        plugin: this.pluginName,
      });
    }
    let agreed: string;
    try {
      agreed = checkHello(hello, this.options.source.manifest, this.options.apiVersions);
    } catch (error) {
      // A refused hello fails a pending load or restart, never a live stream. A dial-in plugin
      // is started by its operator, who may fix it and dial again: its load keeps waiting (until
      // dialInTimeoutMs) and reports this refusal if nothing better arrives.
      if (this.options.spawn) this.waiter?.reject(error as HostError);
      else this.lastRefusal = error as HostError;
      throw error;
    }
    if (this.stream?.isOpen || !this.waiter) {
      throw new HostError(HostErrorCode.PLUGIN_ALREADY_LOADED, `${this.pluginName} is already connected`, {
        plugin: this.pluginName,
      });
    }
    this.stream = stream;
    this.apiVersion = agreed;
    if (this.providedServices.length === 0) this.providedServices = [...hello.providedServices];
    void stream.closed.then((reason) => this.lost(stream, reason.message, "crashed"));
    stream.onOverrun = () => {
      if (stream !== this.stream || this.state !== "ready" || this.niced) return;
      this.niced = this.lowerChildPriority();
      if (this.niced)
        this.options.logger.info("plugin past a deadline runs at a lower priority until it answers a health check");
    };
    this.waiter.resolve();
    return {
      apiVersion: agreed,
      hostVersion: this.options.hostVersion,
      pluginName: this.pluginName,
      capabilities: [HOST_REQUESTS_CAPABILITY],
    };
  }

  /** Sends one call on the live stream, waiting (bounded by `signal`) through a restart. */
  call(body: HostCallBody, signal?: AbortSignal): Promise<PluginReply> {
    const stream = this.stream;
    if (this.state === "ready" && stream?.isOpen) return stream.call(body, signal);
    return this.readyStream(body, signal).then((ready) => ready.call(body, signal));
  }

  /** How to re-send Init on a restarted process's stream. */
  setReinit(reinit: (stream: PluginStream) => Promise<void>): void {
    this.reinit = reinit;
  }

  /** Marks the first Init done: later restarts re-send it. */
  markInitialized(): void {
    this.initialized = true;
  }

  onFailure(listener: (reason: string) => void): void {
    this.failureListeners.push(listener);
  }

  onRestart(listener: (reason: RestartReason) => void): void {
    this.restartListeners.push(listener);
  }

  get status(): State {
    return this.state;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Graceful stop: Shutdown call, wait, SIGTERM, wait, SIGKILL. Idempotent. */
  async stop(reason: string): Promise<void> {
    if (this.state === "stopped") return;
    this.setState("stopped");
    this.clearTimers();
    this.waiter?.reject(this.unavailable("plugin stopped"));
    const grace = this.options.shutdownGraceMs;
    const stream = this.stream;
    if (stream?.isOpen) {
      await stream
        .call({ case: "shutdown", value: { reason, graceMs: BigInt(grace) } }, AbortSignal.timeout(grace))
        .catch(() => undefined);
    }
    await this.killChild(grace);
    stream?.end(this.unavailable("plugin stopped"));
  }

  /** Immediate SIGKILL for host exit handlers (synchronous). */
  killNow(): void {
    this.child?.kill("SIGKILL");
  }

  private async connect(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    this.setState("connecting");
    const connected = new Promise<void>((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
    const fail = (error: HostError) => this.waiter?.reject(error);
    const timer =
      timeoutMs > 0
        ? setTimeout(
            () =>
              fail(
                this.lastRefusal ??
                  new HostError(
                    HostErrorCode.PLUGIN_LOAD_FAILED,
                    `${this.pluginName} did not connect and say hello within ${timeoutMs} ms`,
                    { plugin: this.pluginName },
                  ),
              ),
            timeoutMs,
          )
        : undefined;
    const onAbort = () =>
      fail(
        this.lastRefusal ??
          new HostError(HostErrorCode.PLUGIN_LOAD_FAILED, `${this.pluginName}: load aborted`, {
            plugin: this.pluginName,
          }),
      );
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      if (this.options.spawn) this.spawnChild();
      await connected;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      this.waiter = undefined;
    }
  }

  private spawnChild(): void {
    const spawn = this.options.spawn;
    if (!spawn) return;
    const child = spawnPlugin({ ...spawn, logger: this.options.logger });
    this.child = child;
    this.niced = this.restarting && this.lowerChildPriority();
    const connection = spawnedConnection(child);
    if (connection)
      this.options.adoptConnection?.(
        connection,
        bindingForStart(this, () => this.child === child),
      );
    // Events of a previous child (killed before a restart) must not touch the new one's state.
    child.once("error", (error) => {
      if (this.child !== child) return;
      this.waiter?.reject(
        new HostError(HostErrorCode.PLUGIN_LOAD_FAILED, `${this.pluginName} could not start: ${error.message}`, {
          plugin: this.pluginName,
          cause: error,
        }),
      );
    });
    child.once("exit", (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      // A detail: lost() (or the failed load or restart) logs the failure once, at warn.
      this.options.logger.debug({ code, signal }, `plugin process ${how}`);
      this.waiter?.reject(
        new HostError(HostErrorCode.PLUGIN_LOAD_FAILED, `${this.pluginName} ${how} before saying hello`, {
          plugin: this.pluginName,
        }),
      );
      this.lost(this.stream, `process ${how}`, "crashed");
    });
  }

  /** The stream or the process is gone: fail in-flight calls, then restart or give up. */
  private lost(stream: PluginStream | undefined, reason: string, kind: RestartReason): void {
    if (this.state !== "ready" || stream !== this.stream) return;
    stream?.end(this.unavailable(reason));
    this.child?.kill("SIGKILL");
    this.clearTimers();
    if (!this.options.spawn) {
      this.options.logger.warn({ reason }, "dial-in plugin disconnected; waiting for it to dial in again");
      this.setState("restarting");
      void this.recover(0);
      return;
    }
    const now = Date.now();
    this.crashes = [...this.crashes.filter((at) => now - at < this.options.restart.windowMs), now];
    if (this.crashes.length > this.options.restart.maxCrashes) {
      this.fail(`${reason}; ${this.crashes.length} crashes within ${this.options.restart.windowMs} ms`);
      return;
    }
    const { initialDelayMs, maxDelayMs } = this.options.restart;
    const delay = Math.min(initialDelayMs * 2 ** (this.crashes.length - 1), maxDelayMs);
    this.options.logger.warn({ reason, delayMs: delay, crashes: this.crashes.length }, "plugin lost; restarting");
    for (const listener of this.restartListeners) listener(kind);
    this.setState("restarting");
    this.restartTimer = setTimeout(() => void this.recover(this.options.connectTimeoutMs), delay);
  }

  private async recover(timeoutMs: number): Promise<void> {
    try {
      this.restarting = true;
      await this.connect(timeoutMs);
      const stream = this.stream;
      if (this.initialized && stream && this.reinit) await this.reinit(stream);
      if (this.state !== "connecting") return;
      this.restoreChildPriority();
      this.restarts++;
      this.setState("ready");
      this.startHealth();
      this.options.logger.info({ restarts: this.restarts }, "plugin restarted");
    } catch (error) {
      if (this.state === "stopped" || this.state === "failed") return;
      this.child?.kill("SIGKILL");
      // Count the failed attempt as a crash of the same kind.
      this.setState("ready");
      // The reason of this attempt only: the earlier ones were logged when they happened.
      this.lost(this.stream, `restart failed: ${(error as Error).message}`, "start_failed");
    }
  }

  /** The onFailure listeners report it (the plugin manager logs "plugin failed" once). */
  private fail(reason: string): void {
    this.setState("failed");
    this.clearTimers();
    this.child?.kill("SIGKILL");
    for (const listener of this.failureListeners) listener(reason);
  }

  /** Lowers the current child's priority (faultNice steps); false when not lowered. */
  private lowerChildPriority(): boolean {
    const pid = this.child?.pid;
    return pid !== undefined && lowerPriority(pid, this.options.restart.faultNice ?? 10, this.options.logger);
  }

  /** Gives a lowered child the host's priority back (it is ready, or answered a health check). */
  private restoreChildPriority(): void {
    const pid = this.child?.pid;
    if (this.niced && pid !== undefined) restoreHostPriority(pid, this.options.logger);
    this.niced = false;
  }

  private startHealth(): void {
    const { intervalMs, timeoutMs } = this.options.health;
    if (intervalMs <= 0) return;
    let probing = false;
    this.healthTimer = setInterval(() => {
      const stream = this.stream;
      if (probing || this.state !== "ready" || !stream) return;
      probing = true;
      void stream.ping(timeoutMs).then((ok) => {
        probing = false;
        if (!ok && stream.isOpen) this.lost(stream, `no pong within ${timeoutMs} ms`, "unresponsive");
        else if (ok && stream === this.stream) this.restoreChildPriority();
      });
    }, intervalMs);
    this.healthTimer.unref();
  }

  private async readyStream(body: HostCallBody, signal?: AbortSignal): Promise<PluginStream> {
    for (;;) {
      if (this.state === "ready" && this.stream?.isOpen) return this.stream;
      if (this.state === "failed" || this.state === "stopped") throw this.unavailable(`plugin is ${this.state}`);
      if (signal?.aborted) {
        throw new HostError(HostErrorCode.PLUGIN_TIMEOUT, `${this.pluginName} was not back in time for ${body.case}`, {
          plugin: this.pluginName,
        });
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.stateWaiters.delete(wake);
          signal?.removeEventListener("abort", wake);
          resolve();
        };
        this.stateWaiters.add(wake);
        signal?.addEventListener("abort", wake, { once: true });
      });
    }
  }

  private setState(state: State): void {
    this.state = state;
    for (const wake of [...this.stateWaiters]) wake();
  }

  private async killChild(graceMs: number): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const within = (ms: number) =>
      Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
    if (await within(graceMs)) return;
    child.kill("SIGTERM");
    if (await within(graceMs)) return;
    child.kill("SIGKILL");
    await exited;
  }

  private clearTimers(): void {
    clearTimeout(this.restartTimer);
    clearInterval(this.healthTimer);
  }

  private unavailable(why: string): HostError {
    return new HostError(HostErrorCode.PLUGIN_UNAVAILABLE, `${this.pluginName}: ${why}`, { plugin: this.pluginName });
  }
}
