package pluginsdk

import (
	"fmt"

	pluginv1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/plugin/v1"
)

// APIVersions are the protocol versions this SDK speaks, most preferred first.
var APIVersions = []string{"v1"}

// ActorKind says who caused an event.
type ActorKind int32

// Actor kinds (the proto numbering).
const (
	ActorUnspecified ActorKind = 0
	ActorCharacter   ActorKind = 1
	ActorSystem      ActorKind = 2
	ActorPlugin      ActorKind = 3
)

// Event is one published fact delivered to the plugin.
type Event struct {
	// ID is the event's ULID.
	ID string
	// Stream is where it was published, e.g. "location:room1".
	Stream string
	// Type is the event type, e.g. "say".
	Type string
	// Timestamp is the publication time in Unix milliseconds.
	Timestamp int64
	// ActorKind says who caused it.
	ActorKind ActorKind
	// ActorID is the character id, "system", or a plugin name.
	ActorID string
	// Payload is the JSON payload (see docs/events.md for each type's shape).
	Payload string
}

// EmitEvent is an event the plugin asks the host to publish; the host sets
// the id, time and actor.
type EmitEvent struct {
	// Stream is the target; its namespace must be in the manifest's `emits`.
	Stream string
	// Type is a lowercase identifier.
	Type string
	// Payload is a JSON string, at most 64 KiB.
	Payload string
}

// CommandStatus is a command's outcome category.
type CommandStatus int32

// Command statuses (the proto numbering).
const (
	// CommandOK: the command succeeded.
	CommandOK CommandStatus = 1
	// CommandError: the player's fault (bad input, not found, not permitted).
	CommandError CommandStatus = 2
	// CommandFailure: the service degraded; the player may retry later.
	CommandFailure CommandStatus = 3
	// CommandFatal: the dispatch itself failed.
	CommandFatal CommandStatus = 4
)

// CommandRequest is a command invocation with the invoking character's context.
type CommandRequest struct {
	// Command is the parsed (canonical) command name.
	Command string
	// Args is everything after the command name.
	Args string
	// CharacterID is the invoking character's ULID.
	CharacterID string
	// CharacterName is the character's display name.
	CharacterName string
	// LocationID is the character's current location.
	LocationID string
	// SessionID is the active session's ULID.
	SessionID string
	// PlayerID is the player account's id.
	PlayerID string
	// InvokedAs is what the player actually typed.
	InvokedAs string
}

// CommandResponse is a command's outcome.
type CommandResponse struct {
	// Status is the outcome category.
	Status CommandStatus
	// Output is shown to the invoking character (at most 8192 bytes).
	Output string
	// Events are published with the invoking character as actor.
	Events []EmitEvent
}

// OK is a successful command with output.
func OK(output string) *CommandResponse {
	return &CommandResponse{Status: CommandOK, Output: output}
}

// Errorf is a command that failed through the player's fault.
func Errorf(format string, args ...any) *CommandResponse {
	return &CommandResponse{Status: CommandError, Output: fmt.Sprintf(format, args...)}
}

// Failuref is a command that failed because a service degraded.
func Failuref(format string, args ...any) *CommandResponse {
	return &CommandResponse{Status: CommandFailure, Output: fmt.Sprintf(format, args...)}
}

func eventFromProto(e *pluginv1.Event) Event {
	return Event{
		ID: e.GetId(), Stream: e.GetStream(), Type: e.GetType(), Timestamp: e.GetTimestamp(),
		ActorKind: ActorKind(e.GetActorKind()), ActorID: e.GetActorId(), Payload: e.GetPayload(),
	}
}

func emitsToProto(events []EmitEvent) []*pluginv1.EmitEvent {
	out := make([]*pluginv1.EmitEvent, 0, len(events))
	for _, e := range events {
		out = append(out, &pluginv1.EmitEvent{Stream: e.Stream, Type: e.Type, Payload: e.Payload})
	}
	return out
}

func commandRequestFromProto(r *pluginv1.CommandRequest) CommandRequest {
	return CommandRequest{
		Command: r.GetCommand(), Args: r.GetArgs(), CharacterID: r.GetCharacterId(),
		CharacterName: r.GetCharacterName(), LocationID: r.GetLocationId(), SessionID: r.GetSessionId(),
		PlayerID: r.GetPlayerId(), InvokedAs: r.GetInvokedAs(),
	}
}

func commandResponseToProto(r *CommandResponse) *pluginv1.CommandResponse {
	if r == nil {
		return &pluginv1.CommandResponse{Status: pluginv1.CommandStatus_COMMAND_STATUS_OK}
	}
	return &pluginv1.CommandResponse{
		Status: pluginv1.CommandStatus(r.Status), Output: r.Output, Events: emitsToProto(r.Events),
	}
}
