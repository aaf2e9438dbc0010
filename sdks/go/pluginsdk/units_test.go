package pluginsdk

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	pluginv1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/plugin/v1"
	scenev1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/scene/v1"
	"github.com/holomush/holomush-plugins/sdks/go/gen/holomush/scene/v1/scenev1connect"
)

func TestReadEnvironmentNamesWhatIsMissing(t *testing.T) {
	_, err := ReadEnvironment(func(string) string { return "" })
	var missing *MisconfiguredError
	if !errors.As(err, &missing) || strings.Join(missing.Missing, ",") != "HOLOMUSH_PLUGIN_NAME,HOLOMUSH_HOST_ADDRESS,HOLOMUSH_PLUGIN_TOKEN" {
		t.Fatalf("err = %v", err)
	}
	env := map[string]string{"HOLOMUSH_HOST_ADDRESS": "tcp:1.2.3.4", "HOLOMUSH_PLUGIN_NAME": "p", "HOLOMUSH_PLUGIN_TOKEN": "t"}
	_, err = ReadEnvironment(func(k string) string { return env[k] })
	if !errors.As(err, &missing) || !strings.Contains(missing.Missing[0], "unix:") {
		t.Fatalf("a non-unix address must be refused, got %v", err)
	}
	env["HOLOMUSH_HOST_ADDRESS"] = "unix:/run/h.sock"
	env["HOLOMUSH_STDIN_LIFELINE"] = "1"
	got, err := ReadEnvironment(func(k string) string { return env[k] })
	if err != nil || got.SocketPath != "/run/h.sock" || got.Token != "t" || got.HostFD != -1 || !got.StdinLifeline || got.HostAPIVersions[0] != "v1" {
		t.Fatalf("got %+v, %v", got, err)
	}
}

func TestReadEnvironmentPrefersTheTokenFileAndTheInheritedConnection(t *testing.T) {
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"HOLOMUSH_HOST_ADDRESS": "unix:/h.sock", "HOLOMUSH_PLUGIN_NAME": "p",
		"HOLOMUSH_PLUGIN_TOKEN": "from-env", "HOLOMUSH_PLUGIN_TOKEN_FILE": file}
	got, err := ReadEnvironment(func(k string) string { return env[k] })
	if err != nil || got.Token != "from-file" {
		t.Fatalf("got %+v, %v", got, err)
	}
	env["HOLOMUSH_PLUGIN_TOKEN_FILE"] = filepath.Join(t.TempDir(), "absent")
	_, err = ReadEnvironment(func(k string) string { return env[k] })
	var missing *MisconfiguredError
	if !errors.As(err, &missing) || !strings.Contains(missing.Missing[0], "HOLOMUSH_PLUGIN_TOKEN_FILE (cannot read") {
		t.Fatalf("an unreadable token file must be named, got %v", err)
	}
	spawned := map[string]string{"HOLOMUSH_HOST_FD": "3", "HOLOMUSH_PLUGIN_NAME": "p"}
	got, err = ReadEnvironment(func(k string) string { return spawned[k] })
	if err != nil || got.HostFD != 3 || got.Token != "" {
		t.Fatalf("got %+v, %v", got, err)
	}
	spawned["HOLOMUSH_HOST_FD"] = "1"
	if _, err = ReadEnvironment(func(k string) string { return spawned[k] }); !errors.As(err, &missing) {
		t.Fatalf("stdout is not a host connection, got %v", err)
	}
}

func TestParseBrokerServices(t *testing.T) {
	got, err := ParseBrokerServices(map[string]string{"holomush.world.v1.WorldService": "broker:3", "a.B": "broker:0"})
	if err != nil || got["holomush.world.v1.WorldService"] != 3 || got["a.B"] != 0 {
		t.Fatalf("got %v, %v", got, err)
	}
	for input, code := range map[string]string{
		"broker:":                        CodeBrokerAddressInvalid,
		"3":                              CodeBrokerAddressInvalid,
		"broker:-1":                      CodeBrokerAddressInvalid,
		"broker:1.5":                     CodeBrokerAddressInvalid,
		"broker:99999999999999999999999": CodeBrokerAddressInvalid,
	} {
		_, err := ParseBrokerServices(map[string]string{"a.B": input})
		var sdkErr *SDKError
		if !errors.As(err, &sdkErr) || sdkErr.Code != code {
			t.Errorf("%q: err = %v, want %s", input, err, code)
		}
	}
	_, err = ParseBrokerServices(map[string]string{"NoPackage": "broker:1"})
	if sdkErr := (*SDKError)(nil); !errors.As(err, &sdkErr) || sdkErr.Code != CodeServiceNameInvalid {
		t.Errorf("unqualified name: %v", err)
	}
	_, err = ParseBrokerServices(map[string]string{"a.B": "broker:1", "a.C": "broker:1"})
	if sdkErr := (*SDKError)(nil); !errors.As(err, &sdkErr) || sdkErr.Code != CodeBrokerIDDuplicate {
		t.Errorf("duplicate id: %v", err)
	}
}

func TestCommandHelpers(t *testing.T) {
	if r := OK("hi"); r.Status != CommandOK || r.Output != "hi" {
		t.Fatal(r)
	}
	if r := Errorf("no scene %s", "s1"); r.Status != CommandError || r.Output != "no scene s1" {
		t.Fatal(r)
	}
	if r := Failuref("db down: %d", 3); r.Status != CommandFailure || r.Output != "db down: 3" {
		t.Fatal(r)
	}
	wire := commandResponseToProto(&CommandResponse{Status: CommandOK, Events: []EmitEvent{{Stream: "s:1", Type: "t", Payload: "{}"}}})
	if wire.GetStatus() != pluginv1.CommandStatus_COMMAND_STATUS_OK || wire.GetEvents()[0].GetStream() != "s:1" {
		t.Fatal(wire)
	}
}

func TestToHostErrorReadsTheErrorDetailCode(t *testing.T) {
	detail, _ := connect.NewErrorDetail(&pluginv1.ErrorDetail{Code: "KV_KEY_INVALID", Message: "key too long", Metadata: map[string]string{"field": "key"}})
	wire := connect.NewError(connect.CodeInvalidArgument, errors.New("key too long"))
	wire.AddDetail(detail)
	err := toHostError(wire)
	if !HasCode(err, "KV_KEY_INVALID") || err.(*HostError).Details["field"] != "key" {
		t.Fatalf("err = %#v", err)
	}
	plain := toHostError(connect.NewError(connect.CodeNotFound, errors.New("gone")))
	if !HasCode(plain, "NOT_FOUND") || plain.(*HostError).Code != StatusNotFound {
		t.Fatalf("a detail-less error keeps its Connect code name, got %v", plain)
	}
}

// The generated codes: the typed constants compare with HostError.Code, and FocusErrorCodes is
// the six of docs/focus.md (kept equal to @holomush/proto by scripts/wire-vocabulary.test.mjs).
func TestGeneratedErrorCodes(t *testing.T) {
	err := toHostError(&HostError{Code: CodeFocusNotMember, Message: "join first"})
	if !HasCode(err, CodeFocusNotMember) || !HasCode(err, "FOCUS_NOT_MEMBER") || err.Error() != "FOCUS_NOT_MEMBER: join first" {
		t.Fatalf("err = %v", err)
	}
	want := []ErrorCode{"SESSION_NOT_FOUND", "SESSION_EXPIRED", "FOCUS_ALREADY_MEMBER", "FOCUS_KIND_UNREGISTERED", "FOCUS_POLICY_FAILED", "FOCUS_NOT_MEMBER"}
	if got := FocusErrorCodes(); !slices.Equal(got, want) {
		t.Fatalf("FocusErrorCodes() = %v, want %v", got, want)
	}
	if CodeAPIVersionUnsupported != "API_VERSION_UNSUPPORTED" || CodeHostConnectionLost != "HOST_CONNECTION_LOST" {
		t.Fatal("generated constant names")
	}
}

type sceneImpl struct {
	scenev1connect.UnimplementedSceneServiceHandler
}

func (sceneImpl) GetScene(_ context.Context, request *connect.Request[scenev1.GetSceneRequest]) (*connect.Response[scenev1.GetSceneResponse], error) {
	if request.Msg.GetSceneId() == "missing" {
		return nil, connect.NewError(connect.CodeNotFound, errors.New("no scene missing"))
	}
	return connect.NewResponse(&scenev1.GetSceneResponse{Scene: &scenev1.Scene{Id: request.Msg.GetSceneId(), Title: "caller " + request.Header().Get("Holomush-Caller")}}), nil
}

func TestServiceRegistryTunnelsCallsIntoConnectHandlers(t *testing.T) {
	registry := newServiceRegistry()
	registry.Handle(scenev1connect.NewSceneServiceHandler(sceneImpl{}))
	if len(registry.services) != 1 || registry.services[0] != scenev1connect.SceneServiceName {
		t.Fatalf("services = %v", registry.services)
	}
	message, _ := proto.Marshal(&scenev1.GetSceneRequest{SceneId: "s1"})
	reply := registry.call(context.Background(), &pluginv1.ServiceCallRequest{Service: scenev1connect.SceneServiceName, Method: "GetScene", Message: message, Caller: "other"})
	var got scenev1.GetSceneResponse
	if reply.GetCode() != 0 || proto.Unmarshal(reply.GetMessage(), &got) != nil || got.GetScene().GetTitle() != "caller other" {
		t.Fatalf("reply = %v", reply)
	}
	message, _ = proto.Marshal(&scenev1.GetSceneRequest{SceneId: "missing"})
	reply = registry.call(context.Background(), &pluginv1.ServiceCallRequest{Service: scenev1connect.SceneServiceName, Method: "GetScene", Message: message})
	if reply.GetCode() != int32(connect.CodeNotFound) || reply.GetErrorMessage() != "no scene missing" {
		t.Fatalf("error reply = %v", reply)
	}
	reply = registry.call(context.Background(), &pluginv1.ServiceCallRequest{Service: "x.Y", Method: "Z"})
	if reply.GetCode() != int32(connect.CodeUnimplemented) {
		t.Fatalf("unknown service reply = %v", reply)
	}
	reply = registry.call(context.Background(), &pluginv1.ServiceCallRequest{Service: scenev1connect.SceneServiceName, Method: "ListScenes"})
	if reply.GetCode() != int32(connect.CodeUnimplemented) {
		t.Fatalf("unimplemented method reply = %v", reply)
	}
}
