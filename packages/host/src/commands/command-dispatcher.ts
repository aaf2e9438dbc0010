/**
 * Dispatch (docs/authorization.md): parse → lookup → `execute` on
 * `command:<name>` → every declared capability (AND) → the plugin, through
 * its serialized caller, with the full CommandRequest context. Events in the
 * response are published with the invoking character as actor.
 */
import { create } from "@bufbuild/protobuf";
import { ActorKind, type CommandRequest, CommandRequestSchema, CommandStatus } from "@holomush/proto";
import type { Logger } from "pino";
import type { Authorizer } from "../auth/authorizer.js";
import { HostError, HostErrorCode, isHostError } from "../errors.js";
import { fenceEmit } from "../events/emit-fence.js";
import type { PublishInput, PublishResult } from "../events/event-bus.js";
import type { Session } from "../focus/session.js";
import type { RunningPlugin } from "../plugins/running-plugin.js";
import { COMMAND_LIMITS, parseCommandLine } from "./command-parser.js";
import type { CommandRegistry, RegisteredCommand } from "./command-registry.js";
import { stripControlCharactersKeepStyles } from "./control-characters.js";
import { helpText } from "./help-text.js";

/** What dispatching one command line produced. */
export interface CommandOutcome {
  status: CommandStatus;
  output: string;
  command?: string;
  plugin?: string;
  /** Ids of the events the command published. */
  eventIds: string[];
}

export interface CommandDispatcherOptions {
  registry: CommandRegistry;
  authorizer: Authorizer;
  publish(input: PublishInput): Promise<PublishResult>;
  plugin(name: string): RunningPlugin | undefined;
  logger: Logger;
  /** Per-command timeout (default 5 000 ms). */
  timeoutMs?: number;
  /** Told before a command goes to a plugin: the plugin may then drive that session's focus. */
  onDispatch?(plugin: string, sessionId: string): void;
}

export interface CommandDispatcher {
  dispatch(session: Session, line: string): Promise<CommandOutcome | undefined>;
}

/** Answered by the host unless a plugin registers a command of the same name. */
export const BUILTIN_COMMANDS = ["help"] as const;

const outcome = (status: CommandStatus, output: string, extra: Partial<CommandOutcome> = {}): CommandOutcome => ({
  status,
  output,
  eventIds: [],
  ...extra,
});

export function createCommandDispatcher(options: CommandDispatcherOptions): CommandDispatcher {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const audit = options.logger.child({ component: "commands" });

  async function authorize(session: Session, command: RegisteredCommand): Promise<string | undefined> {
    const principal = { kind: "character" as const, id: session.characterId };
    const context = {
      locationId: session.locationId,
      sessionId: session.id,
      plugin: command.plugin,
      command: command.declaration.name,
    };
    const execute = await options.authorizer.authorize({
      principal,
      action: "execute",
      resourceType: "command",
      resourceId: command.declaration.name,
      context,
    });
    if (!execute.allowed) return execute.reason;
    for (const capability of command.declaration.capabilities) {
      const decision = await options.authorizer.authorize({
        principal,
        action: capability.action,
        resourceType: capability.resource,
        resourceId: capability.scope === "local" ? session.locationId : session.characterId,
        context: { ...context, scope: capability.scope },
      });
      if (!decision.allowed) return decision.reason;
    }
    return undefined;
  }

  async function publishEvents(plugin: RunningPlugin, session: Session, response: { events?: unknown[] }) {
    const ids: string[] = [];
    const fenced = (response.events ?? []).map((event, index) =>
      fenceEmit({ name: plugin.source.manifest.name, emits: plugin.source.manifest.emits }, event as never, index),
    );
    for (const event of fenced) {
      const result = await options.publish({
        ...event,
        actorKind: ActorKind.CHARACTER,
        actorId: session.characterId,
        cancellable: true,
      });
      if (result.event) ids.push(result.event.id);
    }
    return ids;
  }

  async function dispatch(session: Session, line: string): Promise<CommandOutcome | undefined> {
    let parsed: ReturnType<typeof parseCommandLine>;
    try {
      parsed = parseCommandLine(line);
    } catch (error) {
      if (!isHostError(error, HostErrorCode.COMMAND_INVALID)) throw error;
      return outcome(CommandStatus.ERROR, `That command is too long (at most ${COMMAND_LIMITS.maxArgsBytes} bytes).`);
    }
    if (parsed === undefined) return undefined;
    if (parsed.name === "help" && options.registry.lookup("help") === undefined) {
      return outcome(CommandStatus.OK, helpText(options.registry, parsed.args));
    }
    const command = options.registry.lookup(parsed.name);
    if (command === undefined) {
      return outcome(CommandStatus.ERROR, `Huh? "${parsed.name}" is not a command. Type "help" for the list.`);
    }
    const name = command.declaration.name;
    const extra = { command: name, plugin: command.plugin };
    const denied = await authorize(session, command);
    if (denied !== undefined) {
      audit.warn({ character: session.characterId, command: name, reason: denied }, "command denied");
      return outcome(CommandStatus.ERROR, `You may not use "${name}": ${denied}`, extra);
    }
    const plugin = options.plugin(command.plugin);
    const handle = plugin?.instance.handleCommand;
    if (plugin === undefined || plugin.state !== "running" || handle === undefined) {
      return outcome(
        CommandStatus.FAILURE,
        `"${name}" is unavailable right now: plugin ${command.plugin} is not running.`,
        extra,
      );
    }
    const request: CommandRequest = create(CommandRequestSchema, {
      command: name,
      args: parsed.args,
      characterId: session.characterId,
      characterName: session.characterName,
      locationId: session.locationId,
      sessionId: session.id,
      playerId: session.playerId,
      invokedAs: parsed.invokedAs,
    });
    options.onDispatch?.(command.plugin, session.id);
    try {
      const response = await plugin.calls.call(`command ${name}`, timeoutMs, (signal, deadlineMs) =>
        handle.call(plugin.instance, request, { signal, deadlineMs }),
      );
      const eventIds = await publishEvents(plugin, session, response);
      const status = response.status ?? CommandStatus.UNSPECIFIED;
      if (status === CommandStatus.UNSPECIFIED) {
        return outcome(CommandStatus.FATAL, `"${name}" gave no status (plugin ${command.plugin}).`, extra);
      }
      const output = stripControlCharactersKeepStyles((response.output ?? "").slice(0, COMMAND_LIMITS.maxArgsBytes));
      return outcome(status, output, { ...extra, eventIds });
    } catch (error) {
      const failure = HostError.from(error, HostErrorCode.PLUGIN_CALL_FAILED, { plugin: command.plugin });
      audit.warn({ command: name, code: failure.code, err: failure }, "command failed");
      if (failure.code === HostErrorCode.PLUGIN_TIMEOUT) {
        return outcome(CommandStatus.FAILURE, `"${name}" took too long to answer. Please try again.`, extra);
      }
      if (failure.code.startsWith("EMIT_")) {
        return outcome(CommandStatus.FATAL, `"${name}" produced an event the host refused: ${failure.message}`, extra);
      }
      // The failure's text (a trap's message, a stack) is for the operator, not the player.
      return outcome(
        CommandStatus.FATAL,
        `"${name}" failed (plugin ${command.plugin}). The details are in the host log.`,
        extra,
      );
    }
  }

  return { dispatch };
}
