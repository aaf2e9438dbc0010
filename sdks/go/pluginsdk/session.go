package pluginsdk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

	"connectrpc.com/connect"

	pluginv1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/plugin/v1"
)

// SessionEnd says how a session with the host ended.
type SessionEnd struct {
	// Kind is "shutdown", "refused" (the hello was refused) or "lost".
	Kind string
	// Reason explains a shutdown or a lost connection.
	Reason string
	// Refusal is the host's coded error when Kind is "refused".
	Refusal *HostError
}

type helloInit struct {
	name, version    string
	apiVersions      []string
	commands         []string
	providedServices []string
}

// session is one connection to the host, plugin side: PluginHello, then
// HostHello, then HostCalls answered each in its own goroutine (the host
// serializes events and commands; service calls may overlap), CancelCall
// honoured and Pings answered, until Shutdown or until the host goes away.
type session struct {
	conn     *hostConnection
	handler  Handler
	provider ServiceProvider
	registry *serviceRegistry
	clients  *hostClient
	// unaryHostCalls keeps host calls off the stream even when the host offers it.
	unaryHostCalls bool

	sendMu sync.Mutex
	stream *connect.BidiStreamForClient[pluginv1.ConnectRequest, pluginv1.ConnectResponse]

	mu             sync.Mutex
	inFlight       map[uint64]context.CancelFunc
	shutdownReason string
	shutdownDone   bool
}

func (s *session) send(frame *pluginv1.ConnectRequest) {
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	_ = s.stream.Send(frame) // a failed send surfaces as a failed Receive
}

func runSession(ctx context.Context, s *session, hello helloInit) SessionEnd {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.inFlight = map[uint64]context.CancelFunc{}
	s.clients = &hostClient{host: s.conn.host}
	s.stream = s.conn.host.Connect(ctx)
	s.send(&pluginv1.ConnectRequest{Frame: &pluginv1.ConnectRequest_Hello{Hello: &pluginv1.PluginHello{
		PluginId: hello.name, Name: hello.name, Version: hello.version,
		ApiVersions: hello.apiVersions, Commands: hello.commands, ProvidedServices: hello.providedServices,
	}}})
	greeted := false
	var streamErr error
	var wg sync.WaitGroup
	for {
		frame, err := s.stream.Receive()
		if err != nil {
			streamErr = err
			break
		}
		if !greeted {
			greeted = frame.GetHello() != nil
			if greeted && !s.unaryHostCalls && slices.Contains(frame.GetHello().GetCapabilities(), CapabilityHostRequests) {
				// Before Init hands the clients out: every host call rides the stream from here on.
				s.clients.calls = newStreamCalls(s.send)
			}
			continue
		}
		switch body := frame.GetFrame().(type) {
		case *pluginv1.ConnectResponse_Call:
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.dispatch(ctx, body.Call)
			}()
		case *pluginv1.ConnectResponse_Cancel:
			s.mu.Lock()
			if cancelCall, ok := s.inFlight[body.Cancel.GetCallId()]; ok {
				cancelCall()
				delete(s.inFlight, body.Cancel.GetCallId())
			}
			s.mu.Unlock()
		case *pluginv1.ConnectResponse_HostResponse:
			if s.clients.calls != nil {
				s.clients.calls.receive(body.HostResponse)
			}
		case *pluginv1.ConnectResponse_Ping:
			s.send(&pluginv1.ConnectRequest{Frame: &pluginv1.ConnectRequest_Pong{Pong: &pluginv1.Pong{Nonce: body.Ping.GetNonce()}}})
		}
	}
	cancel() // in-flight handlers see the connection is gone
	if s.clients.calls != nil {
		// Host calls in flight fail with HOST_CONNECTION_LOST instead of waiting forever.
		s.clients.calls.close(fmt.Sprint(streamErr))
	}
	wg.Wait()
	_ = s.stream.CloseResponse()
	s.mu.Lock()
	reason, shutdown := s.shutdownReason, s.shutdownDone
	s.mu.Unlock()
	if shutdown {
		return SessionEnd{Kind: "shutdown", Reason: reason}
	}
	if !greeted {
		var hostErr *HostError
		if errors.As(toHostError(streamErr), &hostErr) {
			return SessionEnd{Kind: "refused", Refusal: hostErr}
		}
	}
	if streamErr == nil || errors.Is(streamErr, io.EOF) {
		return SessionEnd{Kind: "lost", Reason: "the host closed the stream"}
	}
	return SessionEnd{Kind: "lost", Reason: toHostError(streamErr).Error()}
}

func (s *session) dispatch(ctx context.Context, call *pluginv1.HostCall) {
	callCtx, cancel := context.WithCancel(ctx)
	s.mu.Lock()
	s.inFlight[call.GetCallId()] = cancel
	s.mu.Unlock()
	reply := &pluginv1.PluginReply{CallId: call.GetCallId()}
	if err := s.answer(callCtx, call, reply); err != nil {
		code := "HANDLER_ERROR"
		if call.GetInit() != nil {
			code = "INIT_FAILED"
		}
		reply.Reply = &pluginv1.PluginReply_Error{Error: &pluginv1.PluginError{Code: code, Message: err.Error()}}
	}
	s.mu.Lock()
	_, live := s.inFlight[call.GetCallId()]
	delete(s.inFlight, call.GetCallId())
	s.mu.Unlock()
	cancel()
	if !live {
		return // the host gave up on this call (CancelCall)
	}
	s.send(&pluginv1.ConnectRequest{Frame: &pluginv1.ConnectRequest_Reply{Reply: reply}})
	if call.GetShutdown() != nil {
		s.sendMu.Lock()
		_ = s.stream.CloseRequest()
		s.sendMu.Unlock()
	}
}

func (s *session) answer(ctx context.Context, call *pluginv1.HostCall, reply *pluginv1.PluginReply) (err error) {
	defer func() {
		if recovered := recover(); recovered != nil {
			err = fmt.Errorf("handler panicked: %v", recovered)
		}
	}()
	switch body := call.GetCall().(type) {
	case *pluginv1.HostCall_Init:
		if body.Init.GetConfig() == nil {
			return errors.New("Init without a ServiceConfig")
		}
		s.inject()
		if s.provider != nil {
			if err := s.provider.Init(ctx, body.Init.GetConfig()); err != nil {
				return err
			}
		}
		reply.Reply = &pluginv1.PluginReply_Init{Init: &pluginv1.InitResponse{}}
	case *pluginv1.HostCall_Event:
		if body.Event.GetEvent() == nil {
			return errors.New("HandleEvent without an event")
		}
		event := eventFromProto(body.Event.GetEvent())
		if interceptor, ok := s.handler.(EventInterceptor); ok && body.Event.GetCancellable() {
			events, result, err := interceptor.InterceptEvent(ctx, event)
			if err != nil {
				return err
			}
			response := &pluginv1.HandleEventResponse{Events: emitsToProto(events)}
			if result != nil {
				response.Result = &pluginv1.EventResult{Cancel: result.Cancel, Payload: result.Payload, Reason: result.Reason}
			}
			reply.Reply = &pluginv1.PluginReply_Event{Event: response}
			return nil
		}
		events, err := s.handler.HandleEvent(ctx, event)
		if err != nil {
			return err
		}
		reply.Reply = &pluginv1.PluginReply_Event{Event: &pluginv1.HandleEventResponse{Events: emitsToProto(events)}}
	case *pluginv1.HostCall_Command:
		request := body.Command.GetRequest()
		if request == nil {
			return errors.New("HandleCommand without a request")
		}
		commands, ok := s.handler.(CommandHandler)
		if !ok {
			return fmt.Errorf("this plugin has no HandleCommand for %s", request.GetCommand())
		}
		response, err := commands.HandleCommand(ctx, commandRequestFromProto(request))
		if err != nil {
			return err
		}
		reply.Reply = &pluginv1.PluginReply_Command{Command: &pluginv1.HandleCommandResponse{Response: commandResponseToProto(response)}}
	case *pluginv1.HostCall_Shutdown:
		reason := body.Shutdown.GetReason()
		if reason == "" {
			reason = "shutdown"
		}
		s.mu.Lock()
		s.shutdownReason, s.shutdownDone = reason, true
		s.mu.Unlock()
		if stopper, ok := s.handler.(ShutdownHandler); ok {
			if err := stopper.Shutdown(ctx, reason); err != nil {
				return err
			}
		}
		reply.Reply = &pluginv1.PluginReply_Shutdown{Shutdown: &pluginv1.ShutdownResponse{}}
	case *pluginv1.HostCall_Service:
		reply.Reply = &pluginv1.PluginReply_Service{Service: s.registry.call(ctx, body.Service)}
	default:
		return fmt.Errorf("unknown host call %T", body)
	}
	return nil
}

// inject hands the handler and provider their clients: EventSink,
// FocusClient and KV all ride the one connection.
func (s *session) inject() {
	broker := &Broker{conn: s.conn}
	targets := []any{s.handler}
	if s.provider != nil && any(s.provider) != any(s.handler) {
		targets = append(targets, s.provider)
	}
	for _, target := range targets {
		if aware, ok := target.(EventSinkAware); ok {
			aware.SetEventSink(s.clients)
		}
		if aware, ok := target.(FocusClientAware); ok {
			aware.SetFocusClient(s.clients)
		}
		if aware, ok := target.(KVClientAware); ok {
			aware.SetKVClient(s.clients)
		}
		if aware, ok := target.(BrokerAware); ok {
			aware.SetBroker(broker)
		}
	}
}
