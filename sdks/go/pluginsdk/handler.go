package pluginsdk

import (
	"context"
	"net/http"

	pluginv1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/plugin/v1"
)

// Handler receives events (required). The host serializes calls to a plugin,
// so events arrive one at a time, in order.
type Handler interface {
	HandleEvent(ctx context.Context, event Event) ([]EmitEvent, error)
}

// EventResult influences a cancellable (intercepted) event: cancel it, or
// replace its payload for the plugins after this one.
type EventResult struct {
	// Cancel stops the event from being published further.
	Cancel bool
	// Payload, when not nil, replaces the event's JSON payload.
	Payload *string
	// Reason is logged by the host.
	Reason string
}

// EventInterceptor is an optional Handler extension for the events the host
// delivers as cancellable: it is called instead of HandleEvent for them.
type EventInterceptor interface {
	InterceptEvent(ctx context.Context, event Event) ([]EmitEvent, *EventResult, error)
}

// CommandHandler runs the commands declared in plugin.yaml (optional).
type CommandHandler interface {
	HandleCommand(ctx context.Context, req CommandRequest) (*CommandResponse, error)
}

// ServiceRegistrar is where a ServiceProvider registers connect-go handlers:
// `registrar.Handle(scenev1connect.NewSceneServiceHandler(impl))`.
// *http.ServeMux satisfies it.
type ServiceRegistrar interface {
	Handle(pattern string, handler http.Handler)
}

// ServiceProvider exposes services (`provides`) and receives Init (optional,
// used with ServeWithServices).
type ServiceProvider interface {
	// RegisterServices registers connect-go handlers, before Init.
	RegisterServices(registrar ServiceRegistrar)
	// Init receives the connection string, required services and config;
	// an error fails the plugin's load.
	Init(ctx context.Context, config *pluginv1.ServiceConfig) error
}

// EventSinkAware plugins receive an EventSink during Init.
type EventSinkAware interface{ SetEventSink(sink EventSink) }

// FocusClientAware plugins receive a FocusClient during Init.
type FocusClientAware interface{ SetFocusClient(client FocusClient) }

// KVClientAware plugins receive their KV store during Init.
type KVClientAware interface{ SetKVClient(kv KVClient) }

// BrokerAware plugins receive the Broker (required services) before Init.
type BrokerAware interface{ SetBroker(broker *Broker) }

// ShutdownHandler plugins are told before the process exits.
type ShutdownHandler interface {
	Shutdown(ctx context.Context, reason string) error
}
