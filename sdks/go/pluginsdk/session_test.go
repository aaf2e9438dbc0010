package pluginsdk

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	pluginv1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/plugin/v1"
	"github.com/holomush/holomush-plugins/sdks/go/gen/holomush/plugin/v1/pluginv1connect"
)

// fakeHost is a PluginHostService on a real unix socket (h2c), scripted per
// test: it checks the token, answers the hello and runs `script` on the stream.
type fakeHost struct {
	pluginv1connect.UnimplementedPluginHostServiceHandler
	token    string
	refuse   error
	script   func(stream *connect.BidiStream[pluginv1.ConnectRequest, pluginv1.ConnectResponse]) error
	hello    chan *pluginv1.PluginHello
	emitted  chan *pluginv1.EmitEventRequest
	conns    atomic.Int32
	authSeen atomic.Int32
	// capabilities are offered in the HostHello ("host-requests": host calls ride the stream).
	capabilities []string
}

func (h *fakeHost) Connect(_ context.Context, stream *connect.BidiStream[pluginv1.ConnectRequest, pluginv1.ConnectResponse]) error {
	if h.token != "" && stream.RequestHeader().Get("Authorization") != "Bearer "+h.token {
		return connect.NewError(connect.CodeUnauthenticated, errors.New("bad token"))
	}
	first, err := stream.Receive()
	if err != nil {
		return err
	}
	h.hello <- first.GetHello()
	if h.refuse != nil {
		return h.refuse
	}
	if err := stream.Send(&pluginv1.ConnectResponse{Frame: &pluginv1.ConnectResponse_Hello{Hello: &pluginv1.HostHello{ApiVersion: "v1", PluginName: first.GetHello().GetName(), Capabilities: h.capabilities}}}); err != nil {
		return err
	}
	return h.script(stream)
}

func (h *fakeHost) EmitEvent(_ context.Context, request *connect.Request[pluginv1.EmitEventRequest]) (*connect.Response[pluginv1.EmitEventResponse], error) {
	if request.Header().Get("Authorization") == "Bearer "+h.token {
		h.authSeen.Add(1)
	}
	h.emitted <- request.Msg
	return connect.NewResponse(&pluginv1.EmitEventResponse{EventIds: []string{"01EVENT"}}), nil
}

func (h *fakeHost) JoinFocus(context.Context, *connect.Request[pluginv1.JoinFocusRequest]) (*connect.Response[pluginv1.JoinFocusResponse], error) {
	detail, _ := connect.NewErrorDetail(&pluginv1.ErrorDetail{Code: string(CodeFocusAlreadyMember), Message: "already in s1"})
	err := connect.NewError(connect.CodeAlreadyExists, errors.New("already in s1"))
	err.AddDetail(detail)
	return nil, err
}

func startFakeHost(t *testing.T, host *fakeHost) func(string) string {
	t.Helper()
	socket := filepath.Join(t.TempDir(), "host.sock")
	listener, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(pluginv1connect.NewPluginHostServiceHandler(host))
	var protocols http.Protocols
	protocols.SetUnencryptedHTTP2(true)
	server := &http.Server{Handler: mux, Protocols: &protocols, ConnState: func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			host.conns.Add(1)
		}
	}}
	go func() { _ = server.Serve(listener) }()
	t.Cleanup(func() { _ = server.Close() })
	env := map[string]string{
		"HOLOMUSH_HOST_ADDRESS": "unix:" + socket, "HOLOMUSH_PLUGIN_NAME": "probe",
		"HOLOMUSH_PLUGIN_VERSION": "1.2.3", "HOLOMUSH_PLUGIN_TOKEN": host.token,
	}
	return func(name string) string { return env[name] }
}

type probePlugin struct {
	sink  EventSink
	focus FocusClient
}

func (p *probePlugin) SetEventSink(sink EventSink)       { p.sink = sink }
func (p *probePlugin) SetFocusClient(client FocusClient) { p.focus = client }

func (p *probePlugin) HandleEvent(ctx context.Context, event Event) ([]EmitEvent, error) {
	if _, err := p.sink.Emit(ctx, EmitIntent{Stream: "test:x", Type: "seen", Payload: event.Payload}); err != nil {
		return nil, err
	}
	return []EmitEvent{{Stream: event.Stream, Type: "echo", Payload: event.Payload}}, nil
}

// InterceptEvent lowercases an intercepted say.
func (p *probePlugin) InterceptEvent(_ context.Context, event Event) ([]EmitEvent, *EventResult, error) {
	lowered := strings.ToLower(event.Payload)
	return nil, &EventResult{Payload: &lowered, Reason: "lowercased"}, nil
}

func (p *probePlugin) HandleCommand(ctx context.Context, req CommandRequest) (*CommandResponse, error) {
	_, err := p.focus.JoinFocus(ctx, req.SessionID, FocusKey{Kind: FocusKindScene, TargetID: "s1"})
	if HasCode(err, CodeFocusAlreadyMember) {
		return Failuref("already: %s", req.Args), nil
	}
	return OK("joined"), nil
}

func send(stream *connect.BidiStream[pluginv1.ConnectRequest, pluginv1.ConnectResponse], hostCall *pluginv1.HostCall) error {
	return stream.Send(&pluginv1.ConnectResponse{Frame: &pluginv1.ConnectResponse_Call{Call: hostCall}})
}

func TestSessionHandshakeCallsAndOneConnection(t *testing.T) {
	host := &fakeHost{token: "secret-token", hello: make(chan *pluginv1.PluginHello, 1), emitted: make(chan *pluginv1.EmitEventRequest, 4)}
	replies := make(chan *pluginv1.PluginReply, 8)
	host.script = func(stream *connect.BidiStream[pluginv1.ConnectRequest, pluginv1.ConnectResponse]) error {
		steps := []*pluginv1.HostCall{
			{CallId: 1, Call: &pluginv1.HostCall_Init{Init: &pluginv1.InitRequest{Config: &pluginv1.ServiceConfig{PluginName: "probe"}}}},
			{CallId: 2, Call: &pluginv1.HostCall_Event{Event: &pluginv1.HandleEventRequest{Event: &pluginv1.Event{Id: "01A", Stream: "location:r1", Type: "say", Payload: `{"message":"hi"}`}}}},
			{CallId: 5, Call: &pluginv1.HostCall_Event{Event: &pluginv1.HandleEventRequest{Cancellable: true, Event: &pluginv1.Event{Id: "01B", Stream: "location:r1", Type: "say", Payload: `{"message":"HI"}`}}}},
			{CallId: 3, Call: &pluginv1.HostCall_Command{Command: &pluginv1.HandleCommandRequest{Request: &pluginv1.CommandRequest{Command: "probe", Args: "x", SessionId: "S1"}}}},
		}
		for _, step := range steps {
			if err := send(stream, step); err != nil {
				return err
			}
			for {
				frame, err := stream.Receive()
				if err != nil {
					return err
				}
				if frame.GetReply() != nil {
					replies <- frame.GetReply()
					break
				}
			}
		}
		if err := stream.Send(&pluginv1.ConnectResponse{Frame: &pluginv1.ConnectResponse_Ping{Ping: &pluginv1.Ping{Nonce: 42}}}); err != nil {
			return err
		}
		if frame, err := stream.Receive(); err != nil || frame.GetPong().GetNonce() != 42 {
			return errors.New("expected Pong 42")
		}
		if err := send(stream, &pluginv1.HostCall{CallId: 4, Call: &pluginv1.HostCall_Shutdown{Shutdown: &pluginv1.ShutdownRequest{Reason: "test over"}}}); err != nil {
			return err
		}
		frame, err := stream.Receive()
		if err != nil {
			return err
		}
		replies <- frame.GetReply()
		return nil
	}
	getenv := startFakeHost(t, host)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	end, err := Run(ctx, &ServeConfig{Handler: &probePlugin{}, Commands: []string{"probe"}, Getenv: getenv}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if end.Kind != "shutdown" || end.Reason != "test over" {
		t.Fatalf("session ended %+v, want shutdown", end)
	}
	hello := <-host.hello
	if hello.GetName() != "probe" || hello.GetVersion() != "1.2.3" || hello.GetApiVersions()[0] != "v1" || hello.GetCommands()[0] != "probe" {
		t.Fatalf("hello = %v", hello)
	}
	if (<-replies).GetInit() == nil {
		t.Fatal("Init not acknowledged")
	}
	event := (<-replies).GetEvent()
	if len(event.GetEvents()) != 1 || event.GetEvents()[0].GetType() != "echo" || event.GetEvents()[0].GetPayload() != `{"message":"hi"}` {
		t.Fatalf("event reply = %v", event)
	}
	if emitted := <-host.emitted; emitted.GetEvents()[0].GetStream() != "test:x" {
		t.Fatalf("EventSink emitted %v", emitted)
	}
	intercepted := (<-replies).GetEvent().GetResult()
	if intercepted.GetPayload() != `{"message":"hi"}` || intercepted.GetReason() != "lowercased" || intercepted.GetCancel() {
		t.Fatalf("intercepted result = %v", intercepted)
	}
	command := (<-replies).GetCommand().GetResponse()
	if command.GetStatus() != pluginv1.CommandStatus_COMMAND_STATUS_FAILURE || command.GetOutput() != "already: x" {
		t.Fatalf("command reply = %v (FocusClient should surface FOCUS_ALREADY_MEMBER)", command)
	}
	if (<-replies).GetShutdown() == nil {
		t.Fatal("Shutdown not acknowledged")
	}
	if host.authSeen.Load() != 1 {
		t.Fatal("the EmitEvent call did not carry the bearer token")
	}
	// The stream, EmitEvent and JoinFocus all rode one HTTP/2 connection.
	if got := host.conns.Load(); got != 1 {
		t.Fatalf("plugin opened %d connections, want 1", got)
	}
}

func TestSessionRefusedHelloIsReportedWithTheHostCode(t *testing.T) {
	detail, _ := connect.NewErrorDetail(&pluginv1.ErrorDetail{Code: "API_VERSION_UNSUPPORTED", Message: "no common api version"})
	refusal := connect.NewError(connect.CodeFailedPrecondition, errors.New("no common api version"))
	refusal.AddDetail(detail)
	host := &fakeHost{token: "t", refuse: refusal, hello: make(chan *pluginv1.PluginHello, 1)}
	getenv := startFakeHost(t, host)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	end, err := Run(ctx, &ServeConfig{Handler: &probePlugin{}, APIVersions: []string{"v9"}, Getenv: getenv}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := (<-host.hello).GetApiVersions(); len(got) != 1 || got[0] != "v9" {
		t.Fatalf("offered %v, want [v9]", got)
	}
	if end.Kind != "refused" || end.Refusal.Code != "API_VERSION_UNSUPPORTED" || end.Refusal.ConnectCode != connect.CodeFailedPrecondition {
		t.Fatalf("end = %+v", end)
	}
}

func TestSessionWrongTokenIsRefusedUnauthenticated(t *testing.T) {
	host := &fakeHost{token: "right", hello: make(chan *pluginv1.PluginHello, 1)}
	getenv := startFakeHost(t, host)
	wrong := func(name string) string {
		if name == "HOLOMUSH_PLUGIN_TOKEN" {
			return "wrong"
		}
		return getenv(name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	end, err := Run(ctx, &ServeConfig{Handler: &probePlugin{}, Getenv: wrong}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if end.Kind != "refused" || end.Refusal.ConnectCode != connect.CodeUnauthenticated {
		t.Fatalf("end = %+v", end)
	}
}

// oneConnListener hands out one connection, then blocks until closed.
type oneConnListener struct {
	conn   net.Conn
	handed chan net.Conn
	closed chan struct{}
}

func (l *oneConnListener) Accept() (net.Conn, error) {
	select {
	case conn := <-l.handed:
		return conn, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}
func (l *oneConnListener) Close() error   { close(l.closed); return nil }
func (l *oneConnListener) Addr() net.Addr { return l.conn.LocalAddr() }

// A spawned plugin: the host hands it one end of a socket pair as HOLOMUSH_HOST_FD, no token.
func TestSessionOverAnInheritedConnection(t *testing.T) {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	hostEnd, err := net.FileConn(os.NewFile(uintptr(fds[0]), "host-end"))
	if err != nil {
		t.Fatal(err)
	}
	host := &fakeHost{hello: make(chan *pluginv1.PluginHello, 1), emitted: make(chan *pluginv1.EmitEventRequest, 1)}
	host.script = func(stream *connect.BidiStream[pluginv1.ConnectRequest, pluginv1.ConnectResponse]) error {
		return send(stream, &pluginv1.HostCall{CallId: 1, Call: &pluginv1.HostCall_Shutdown{Shutdown: &pluginv1.ShutdownRequest{Reason: "done"}}})
	}
	mux := http.NewServeMux()
	mux.Handle(pluginv1connect.NewPluginHostServiceHandler(host))
	var protocols http.Protocols
	protocols.SetUnencryptedHTTP2(true)
	listener := &oneConnListener{conn: hostEnd, handed: make(chan net.Conn, 1), closed: make(chan struct{})}
	listener.handed <- hostEnd
	server := &http.Server{Handler: mux, Protocols: &protocols}
	go func() { _ = server.Serve(listener) }()
	t.Cleanup(func() { _ = server.Close() })
	env := map[string]string{"HOLOMUSH_HOST_FD": strconv.Itoa(fds[1]), "HOLOMUSH_PLUGIN_NAME": "probe", "HOLOMUSH_PLUGIN_VERSION": "1.2.3"}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	end, err := Run(ctx, &ServeConfig{Handler: &probePlugin{}, Getenv: func(k string) string { return env[k] }}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := (<-host.hello).GetName(); got != "probe" || end.Kind != "shutdown" || end.Reason != "done" {
		t.Fatalf("hello from %q, end %+v", got, end)
	}
}

// kvProbe reads a key through its KVClient in HandleCommand and answers with the value or the code.
type kvProbe struct{ kv KVClient }

func (p *kvProbe) SetKVClient(kv KVClient) { p.kv = kv }
func (p *kvProbe) HandleEvent(context.Context, Event) ([]EmitEvent, error) {
	return nil, nil
}

func (p *kvProbe) HandleCommand(ctx context.Context, req CommandRequest) (*CommandResponse, error) {
	value, found, err := p.kv.Get(ctx, req.Args)
	var hostErr *HostError
	if errors.As(err, &hostErr) {
		return Errorf("%s", hostErr.Code), nil
	}
	return OK(fmt.Sprintf("%s %v", value, found)), nil
}

// With "host-requests" offered, KV calls are HostRequest frames on the stream (the fake host has
// no unary KvGet: UnimplementedPluginHostServiceHandler would refuse it), answered by request_id.
func TestSessionHostCallsRideTheStreamWhenOffered(t *testing.T) {
	host := &fakeHost{token: "t", hello: make(chan *pluginv1.PluginHello, 1), capabilities: []string{CapabilityHostRequests}}
	outputs := make(chan string, 4)
	host.script = func(stream *connect.BidiStream[pluginv1.ConnectRequest, pluginv1.ConnectResponse]) error {
		calls := []*pluginv1.HostCall{
			{CallId: 1, Call: &pluginv1.HostCall_Init{Init: &pluginv1.InitRequest{Config: &pluginv1.ServiceConfig{}}}},
			{CallId: 2, Call: &pluginv1.HostCall_Command{Command: &pluginv1.HandleCommandRequest{Request: &pluginv1.CommandRequest{Command: "kv", Args: "here"}}}},
			{CallId: 3, Call: &pluginv1.HostCall_Command{Command: &pluginv1.HandleCommandRequest{Request: &pluginv1.CommandRequest{Command: "kv", Args: ""}}}},
			{CallId: 4, Call: &pluginv1.HostCall_Shutdown{Shutdown: &pluginv1.ShutdownRequest{Reason: "test over"}}},
		}
		for _, call := range calls {
			if err := send(stream, call); err != nil {
				return err
			}
			for {
				frame, err := stream.Receive()
				if err != nil {
					return err
				}
				if request := frame.GetHostRequest(); request != nil {
					var get pluginv1.KvGetRequest
					if request.GetMethod() != "KvGet" || proto.Unmarshal(request.GetMessage(), &get) != nil {
						return fmt.Errorf("unexpected host request %v", request)
					}
					response := &pluginv1.HostResponse{RequestId: request.GetRequestId()}
					if get.GetKey() == "" {
						response.Code = int32(connect.CodeInvalidArgument)
						response.Error = &pluginv1.ErrorDetail{Code: "KV_KEY_INVALID", Message: "empty key"}
					} else {
						response.Message, _ = proto.Marshal(&pluginv1.KvGetResponse{Value: []byte("v:" + get.GetKey()), Found: true})
					}
					// An answer to no request first: dropped by the SDK.
					_ = stream.Send(&pluginv1.ConnectResponse{Frame: &pluginv1.ConnectResponse_HostResponse{HostResponse: &pluginv1.HostResponse{RequestId: 999}}})
					if err := stream.Send(&pluginv1.ConnectResponse{Frame: &pluginv1.ConnectResponse_HostResponse{HostResponse: response}}); err != nil {
						return err
					}
					continue
				}
				if reply := frame.GetReply(); reply != nil {
					outputs <- reply.GetCommand().GetResponse().GetOutput()
					break
				}
			}
		}
		return nil
	}
	getenv := startFakeHost(t, host)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	end, err := Run(ctx, &ServeConfig{Handler: &kvProbe{}, Commands: []string{"kv"}, Getenv: getenv}, nil)
	if err != nil || end.Kind != "shutdown" {
		t.Fatalf("session ended %+v (%v), want shutdown", end, err)
	}
	<-outputs // Init
	if got := <-outputs; got != "v:here true" {
		t.Fatalf("KV get over the stream answered %q", got)
	}
	if got := <-outputs; got != "KV_KEY_INVALID" {
		t.Fatalf("a coded HostResponse gave %q, want KV_KEY_INVALID", got)
	}
}
