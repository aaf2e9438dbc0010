package pluginsdk

import (
	"context"

	pluginv1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/plugin/v1"
	"github.com/holomush/holomush-plugins/sdks/go/gen/holomush/plugin/v1/pluginv1connect"
)

// EmitIntent is one event to publish through an EventSink.
type EmitIntent struct {
	// Stream is the target; its namespace must be in the manifest's `emits`.
	Stream string
	// Type is the event type.
	Type string
	// Payload is a JSON string ("{}" when empty).
	Payload string
}

// EventSink publishes events with the plugin as actor, outside a handler's
// return value (the EventSink of the TypeScript SDK).
type EventSink interface {
	// Emit publishes one event and returns the id the host assigned.
	Emit(ctx context.Context, intent EmitIntent) (string, error)
	// EmitAll publishes in order; the first refused event stops the batch.
	EmitAll(ctx context.Context, intents []EmitIntent) ([]string, error)
}

// FocusKind names a kind of focus target.
type FocusKind int32

// FocusKindScene is a role-play scene.
const FocusKindScene FocusKind = FocusKind(pluginv1.FocusKind_FOCUS_KIND_SCENE)

// FocusKey identifies one focus target.
type FocusKey struct {
	Kind     FocusKind
	TargetID string
}

// HistoryQuery asks for a stream's history (count 0 = 50, clamped at 500).
type HistoryQuery struct {
	Stream      string
	Count       int32
	NotBeforeMs int64
	Cursor      string
}

// FocusClient drives server-owned session focus (docs/focus.md). Errors are
// *HostError with the Code* focus codes; FOCUS_ALREADY_MEMBER is an
// idempotent success for most callers.
type FocusClient interface {
	// JoinFocus returns the streams the host subscribed the session to.
	JoinFocus(ctx context.Context, sessionID string, target FocusKey) ([]string, error)
	// LeaveFocus is idempotent; it returns false when the session was not a member.
	LeaveFocus(ctx context.Context, sessionID string, target FocusKey) (bool, error)
	// LeaveFocusByTarget drops the target from every session holding it (only
	// characterID's sessions when it is not ""); it returns how many left.
	LeaveFocusByTarget(ctx context.Context, target FocusKey, characterID string) (int32, error)
	// PresentFocus sets the presenting focus (the session must be a member).
	PresentFocus(ctx context.Context, sessionID string, target FocusKey) error
	// QueryStreamHistory reads a stream's tail, oldest first (read-only).
	QueryStreamHistory(ctx context.Context, query HistoryQuery) (*pluginv1.QueryStreamHistoryResponse, error)
}

// KVEntry is one key and its value.
type KVEntry struct {
	Key   string
	Value []byte
}

// KVClient is the plugin's own namespaced key-value store; the host binds
// the namespace to the plugin's token.
type KVClient interface {
	// Get returns the value and whether the key exists.
	Get(ctx context.Context, key string) ([]byte, bool, error)
	// Set writes a value durably.
	Set(ctx context.Context, key string, value []byte) error
	// Delete reports whether the key existed.
	Delete(ctx context.Context, key string) (bool, error)
	// List returns one page of keys with the prefix, in key order, and the next page token ("" at the end).
	List(ctx context.Context, prefix string, pageSize int32, pageToken string) ([]KVEntry, string, error)
}

// hostClient implements EventSink, FocusClient and KVClient: over the
// plugin's stream when the host offers it (calls set), else as unary calls
// of one PluginHostService client (one HTTP/2 connection).
type hostClient struct {
	host  pluginv1connect.PluginHostServiceClient
	calls *streamCalls
}

func (c *hostClient) Emit(ctx context.Context, intent EmitIntent) (string, error) {
	ids, err := c.EmitAll(ctx, []EmitIntent{intent})
	if err != nil || len(ids) == 0 {
		return "", err
	}
	return ids[0], nil
}

func (c *hostClient) EmitAll(ctx context.Context, intents []EmitIntent) ([]string, error) {
	events := make([]*pluginv1.EmitEvent, 0, len(intents))
	for _, intent := range intents {
		payload := intent.Payload
		if payload == "" {
			payload = "{}"
		}
		events = append(events, &pluginv1.EmitEvent{Stream: intent.Stream, Type: intent.Type, Payload: payload})
	}
	reply, err := invoke(ctx, c, "EmitEvent", &pluginv1.EmitEventRequest{Events: events}, c.host.EmitEvent)
	if err != nil {
		return nil, err
	}
	return reply.GetEventIds(), nil
}

func focusKey(target FocusKey) *pluginv1.FocusKey {
	return &pluginv1.FocusKey{Kind: pluginv1.FocusKind(target.Kind), TargetId: target.TargetID}
}

func (c *hostClient) JoinFocus(ctx context.Context, sessionID string, target FocusKey) ([]string, error) {
	reply, err := invoke(ctx, c, "JoinFocus", &pluginv1.JoinFocusRequest{SessionId: sessionID, Target: focusKey(target)}, c.host.JoinFocus)
	if err != nil {
		return nil, err
	}
	return reply.GetStreams(), nil
}

func (c *hostClient) LeaveFocus(ctx context.Context, sessionID string, target FocusKey) (bool, error) {
	reply, err := invoke(ctx, c, "LeaveFocus", &pluginv1.LeaveFocusRequest{SessionId: sessionID, Target: focusKey(target)}, c.host.LeaveFocus)
	if err != nil {
		return false, err
	}
	return reply.GetWasMember(), nil
}

func (c *hostClient) PresentFocus(ctx context.Context, sessionID string, target FocusKey) error {
	_, err := invoke(ctx, c, "PresentFocus", &pluginv1.PresentFocusRequest{SessionId: sessionID, Target: focusKey(target)}, c.host.PresentFocus)
	return err
}

func (c *hostClient) QueryStreamHistory(ctx context.Context, query HistoryQuery) (*pluginv1.QueryStreamHistoryResponse, error) {
	return invoke(ctx, c, "QueryStreamHistory", &pluginv1.QueryStreamHistoryRequest{
		Stream: query.Stream, Count: query.Count, NotBeforeMs: query.NotBeforeMs, Cursor: query.Cursor,
	}, c.host.QueryStreamHistory)
}

func (c *hostClient) Get(ctx context.Context, key string) ([]byte, bool, error) {
	reply, err := invoke(ctx, c, "KvGet", &pluginv1.KvGetRequest{Key: key}, c.host.KvGet)
	if err != nil {
		return nil, false, err
	}
	return reply.GetValue(), reply.GetFound(), nil
}

func (c *hostClient) Set(ctx context.Context, key string, value []byte) error {
	_, err := invoke(ctx, c, "KvSet", &pluginv1.KvSetRequest{Key: key, Value: value}, c.host.KvSet)
	return err
}

func (c *hostClient) Delete(ctx context.Context, key string) (bool, error) {
	reply, err := invoke(ctx, c, "KvDelete", &pluginv1.KvDeleteRequest{Key: key}, c.host.KvDelete)
	if err != nil {
		return false, err
	}
	return reply.GetDeleted(), nil
}

func (c *hostClient) List(ctx context.Context, prefix string, pageSize int32, pageToken string) ([]KVEntry, string, error) {
	reply, err := invoke(ctx, c, "KvList", &pluginv1.KvListRequest{Prefix: prefix, PageSize: pageSize, PageToken: pageToken}, c.host.KvList)
	if err != nil {
		return nil, "", err
	}
	entries := make([]KVEntry, 0, len(reply.GetEntries()))
	for _, e := range reply.GetEntries() {
		entries = append(entries, KVEntry{Key: e.GetKey(), Value: e.GetValue()})
	}
	return entries, reply.GetNextPageToken(), nil
}
