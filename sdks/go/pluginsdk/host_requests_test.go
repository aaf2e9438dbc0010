package pluginsdk

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	pluginv1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/plugin/v1"
	"github.com/holomush/holomush-plugins/sdks/go/gen/holomush/plugin/v1/pluginv1connect"
)

// unreachableHost is a unary client no call may reach (the stream carries them all).
func unreachableHost() pluginv1connect.PluginHostServiceClient {
	return pluginv1connect.NewPluginHostServiceClient(http.DefaultClient, "http://unreachable.invalid")
}

// recorder collects the frames a streamCalls sends.
type recorder struct {
	mu     sync.Mutex
	frames []*pluginv1.HostRequest
	sent   chan struct{}
}

func newRecorder() *recorder { return &recorder{sent: make(chan struct{}, 16)} }

func (r *recorder) send(frame *pluginv1.ConnectRequest) {
	r.mu.Lock()
	r.frames = append(r.frames, frame.GetHostRequest())
	r.mu.Unlock()
	r.sent <- struct{}{}
}

func (r *recorder) request(t *testing.T) *pluginv1.HostRequest {
	t.Helper()
	select {
	case <-r.sent:
	case <-time.After(5 * time.Second):
		t.Fatal("no HostRequest sent")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.frames[len(r.frames)-1]
}

func TestStreamCallsCorrelateAndDropUnknownIDs(t *testing.T) {
	rec := newRecorder()
	calls := newStreamCalls(rec.send)
	client := &hostClient{host: unreachableHost(), calls: calls}
	type result struct {
		value []byte
		found bool
		err   error
	}
	done := make(chan result, 1)
	go func() {
		value, found, err := client.Get(context.Background(), "k")
		done <- result{value, found, err}
	}()
	request := rec.request(t)
	if request.GetMethod() != "KvGet" {
		t.Fatalf("method %q, want KvGet", request.GetMethod())
	}
	var get pluginv1.KvGetRequest
	if err := proto.Unmarshal(request.GetMessage(), &get); err != nil || get.GetKey() != "k" {
		t.Fatalf("request %v (%v), want key k", &get, err)
	}
	calls.receive(&pluginv1.HostResponse{RequestId: request.GetRequestId() + 100}) // unknown: dropped
	message, _ := proto.Marshal(&pluginv1.KvGetResponse{Value: []byte("v"), Found: true})
	calls.receive(&pluginv1.HostResponse{RequestId: request.GetRequestId(), Message: message})
	got := <-done
	if got.err != nil || !got.found || string(got.value) != "v" {
		t.Fatalf("Get = %q %v %v, want v true nil", got.value, got.found, got.err)
	}
}

func TestStreamCallsCodedErrorAndClose(t *testing.T) {
	rec := newRecorder()
	calls := newStreamCalls(rec.send)
	client := &hostClient{host: unreachableHost(), calls: calls}
	errs := make(chan error, 2)
	go func() { errs <- client.Set(context.Background(), "", nil) }()
	first := rec.request(t)
	calls.receive(&pluginv1.HostResponse{RequestId: first.GetRequestId(), Code: int32(connect.CodeInvalidArgument),
		Error: &pluginv1.ErrorDetail{Code: "KV_KEY_INVALID", Message: "empty key", Metadata: map[string]string{"field": "key"}}})
	if err := <-errs; !HasCode(err, "KV_KEY_INVALID") {
		t.Fatalf("Set error %v, want KV_KEY_INVALID", err)
	}
	go func() {
		_, err := client.Delete(context.Background(), "k")
		errs <- err
	}()
	rec.request(t)
	calls.close("connection reset")
	if err := <-errs; !HasCode(err, CodeHostConnectionLost) {
		t.Fatalf("in-flight error %v, want %s", err, CodeHostConnectionLost)
	}
	if _, _, err := client.Get(context.Background(), "later"); !HasCode(err, CodeHostConnectionLost) {
		t.Fatalf("later error %v, want %s", err, CodeHostConnectionLost)
	}
}
