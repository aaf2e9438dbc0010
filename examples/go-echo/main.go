// go-echo: a Go process plugin. It echoes a character's `say` ("Echo: <message>")
// and answers `conf <probe>`, the conformance suite's probe command, through
// every part of the SDK: command statuses, KV, EventSink, FocusClient, stream
// history, a required service through the broker, a crash and a slow handler.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"connectrpc.com/connect"

	pluginv1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/plugin/v1"
	worldv1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/world/v1"
	"github.com/holomush/holomush-plugins/sdks/go/gen/holomush/world/v1/worldv1connect"
	"github.com/holomush/holomush-plugins/sdks/go/pluginsdk"
)

type plugin struct {
	sink   pluginsdk.EventSink
	focus  pluginsdk.FocusClient
	kv     pluginsdk.KVClient
	broker *pluginsdk.Broker
	world  worldv1connect.WorldServiceClient
}

func (p *plugin) SetEventSink(sink pluginsdk.EventSink)       { p.sink = sink }
func (p *plugin) SetFocusClient(client pluginsdk.FocusClient) { p.focus = client }
func (p *plugin) SetKVClient(kv pluginsdk.KVClient)           { p.kv = kv }
func (p *plugin) SetBroker(broker *pluginsdk.Broker)          { p.broker = broker }

// RegisterServices: go-echo provides no services.
func (p *plugin) RegisterServices(pluginsdk.ServiceRegistrar) {}

// Init dials the required WorldService through the host.
func (p *plugin) Init(_ context.Context, config *pluginv1.ServiceConfig) error {
	services, err := pluginsdk.ParseBrokerServices(config.GetRequiredServices())
	if err != nil {
		return fmt.Errorf("parse broker services: %w", err)
	}
	if id, ok := services[worldv1connect.WorldServiceName]; ok {
		p.world = pluginsdk.DialService(p.broker, id, worldv1connect.NewWorldServiceClient)
	}
	return nil
}

func (p *plugin) HandleEvent(_ context.Context, event pluginsdk.Event) ([]pluginsdk.EmitEvent, error) {
	switch {
	case event.Type == "say" && event.ActorKind == pluginsdk.ActorCharacter:
		var say struct {
			Message string `json:"message"`
		}
		if json.Unmarshal([]byte(event.Payload), &say) != nil || say.Message == "" {
			return nil, nil
		}
		payload, _ := json.Marshal(map[string]string{"message": "Echo: " + say.Message})
		return []pluginsdk.EmitEvent{{Stream: event.Stream, Type: "say", Payload: string(payload)}}, nil
	case event.Type == "conf.seq":
		return []pluginsdk.EmitEvent{{Stream: event.Stream, Type: "conf.ack", Payload: event.Payload}}, nil
	}
	return nil, nil
}

func (p *plugin) HandleCommand(ctx context.Context, req pluginsdk.CommandRequest) (*pluginsdk.CommandResponse, error) {
	probe, rest, _ := strings.Cut(strings.TrimSpace(req.Args), " ")
	rest = strings.TrimSpace(rest)
	switch probe {
	case "status":
		kind, text, _ := strings.Cut(rest, " ")
		switch kind {
		case "ok":
			return pluginsdk.OK(text), nil
		case "error":
			return pluginsdk.Errorf("%s", text), nil
		case "failure":
			return pluginsdk.Failuref("%s", text), nil
		}
		return pluginsdk.Errorf("usage: %s status ok|error|failure <text>", req.Command), nil
	case "request":
		out, _ := json.Marshal(map[string]string{
			"command": req.Command, "args": req.Args, "characterId": req.CharacterID,
			"characterName": req.CharacterName, "locationId": req.LocationID, "sessionId": req.SessionID,
			"playerId": req.PlayerID, "invokedAs": req.InvokedAs,
		})
		return pluginsdk.OK(string(out)), nil
	case "kv-set":
		key, value, _ := strings.Cut(rest, " ")
		if err := p.kv.Set(ctx, key, []byte(value)); err != nil {
			return pluginsdk.Failuref("%v", err), nil
		}
		return pluginsdk.OK("stored " + key), nil
	case "kv-get":
		value, found, err := p.kv.Get(ctx, rest)
		if err != nil {
			return pluginsdk.Failuref("%v", err), nil
		}
		if !found {
			return pluginsdk.Errorf("no key %s", rest), nil
		}
		return pluginsdk.OK(string(value)), nil
	case "kv-list":
		entries, _, err := p.kv.List(ctx, rest, 0, "")
		if err != nil {
			return pluginsdk.Failuref("%v", err), nil
		}
		keys := make([]string, 0, len(entries))
		for _, entry := range entries {
			keys = append(keys, entry.Key)
		}
		return pluginsdk.OK(strings.Join(keys, ",")), nil
	case "emit":
		id, err := p.sink.Emit(ctx, pluginsdk.EmitIntent{Stream: rest, Type: "conf.emitted", Payload: `{"by":"go-echo"}`})
		if err != nil {
			return pluginsdk.Errorf("%s", codeOf(err)), nil
		}
		return pluginsdk.OK(id), nil
	case "focus":
		return p.focusProbe(ctx, req, rest), nil
	case "history":
		page, err := p.focus.QueryStreamHistory(ctx, pluginsdk.HistoryQuery{Stream: rest, Count: 10})
		if err != nil {
			return pluginsdk.Errorf("%s", codeOf(err)), nil
		}
		messages := make([]string, 0, len(page.GetEntries()))
		for _, entry := range page.GetEntries() {
			var body struct {
				Message string `json:"message"`
			}
			_ = json.Unmarshal([]byte(entry.GetEvent().GetPayload()), &body)
			messages = append(messages, body.Message)
		}
		return pluginsdk.OK(strings.Join(messages, "|")), nil
	case "world":
		if p.world == nil {
			return pluginsdk.Failuref("WorldService was not provided"), nil
		}
		reply, err := p.world.GetCharacter(ctx, connect.NewRequest(&worldv1.GetCharacterRequest{CharacterId: req.CharacterID}))
		if err != nil {
			return pluginsdk.Failuref("%v", err), nil
		}
		return pluginsdk.OK(reply.Msg.GetCharacter().GetName()), nil
	case "crash":
		os.Exit(3)
	case "sleep":
		ms, _ := strconv.Atoi(rest)
		time.Sleep(time.Duration(ms) * time.Millisecond) // deliberately ignores ctx: an overrunning handler
		return pluginsdk.OK("slept"), nil
	}
	return pluginsdk.Errorf("unknown probe %q", probe), nil
}

func (p *plugin) focusProbe(ctx context.Context, req pluginsdk.CommandRequest, rest string) *pluginsdk.CommandResponse {
	action, id, _ := strings.Cut(rest, " ")
	target := pluginsdk.FocusKey{Kind: pluginsdk.FocusKindScene, TargetID: id}
	switch action {
	case "join":
		streams, err := p.focus.JoinFocus(ctx, req.SessionID, target)
		if err != nil {
			return pluginsdk.Errorf("%s", codeOf(err))
		}
		return pluginsdk.OK(strings.Join(streams, ","))
	case "present":
		if err := p.focus.PresentFocus(ctx, req.SessionID, target); err != nil {
			return pluginsdk.Errorf("%s", codeOf(err))
		}
		return pluginsdk.OK("presenting " + id)
	case "leave":
		wasMember, err := p.focus.LeaveFocus(ctx, req.SessionID, target)
		if err != nil {
			return pluginsdk.Errorf("%s", codeOf(err))
		}
		return pluginsdk.OK(fmt.Sprintf("left %s (was member: %t)", id, wasMember))
	}
	return pluginsdk.Errorf("usage: conf focus join|present|leave <id>")
}

// codeOf is the host's stable code for a failed host call.
func codeOf(err error) string {
	if hostErr, ok := err.(*pluginsdk.HostError); ok {
		return string(hostErr.Code)
	}
	return err.Error()
}

func main() {
	p := &plugin{}
	apiVersions := pluginsdk.APIVersions
	if offered := os.Getenv("CONFORMANCE_API_VERSIONS"); offered != "" {
		apiVersions = strings.Split(offered, ",")
	}
	pluginsdk.ServeWithServices(&pluginsdk.ServeConfig{
		Handler: p, Commands: []string{"goconf"}, APIVersions: apiVersions,
	}, p)
}
