package pluginsdk

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"connectrpc.com/connect"

	pluginv1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/plugin/v1"
)

// serviceRegistry holds the connect-go handlers of the services a plugin
// provides. The host tunnels calls to them over the plugin's stream as
// ServiceCallRequest frames; each one is replayed into the handler as an
// in-memory Connect unary request (binary protobuf), so a plugin writes an
// ordinary connect-go service.
type serviceRegistry struct {
	mux      *http.ServeMux
	services []string
}

func newServiceRegistry() *serviceRegistry { return &serviceRegistry{mux: http.NewServeMux()} }

// Handle registers a handler returned by a generated New<Service>Handler.
func (r *serviceRegistry) Handle(pattern string, handler http.Handler) {
	r.mux.Handle(pattern, handler)
	if name := strings.Trim(pattern, "/"); name != "" && !strings.Contains(name, "/") {
		r.services = append(r.services, name)
	}
}

// call runs one tunneled call; ServiceCallResponse.code is a Connect code (0 = ok).
func (r *serviceRegistry) call(ctx context.Context, request *pluginv1.ServiceCallRequest) *pluginv1.ServiceCallResponse {
	url := baseURL + "/" + request.GetService() + "/" + request.GetMethod()
	httpRequest, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(request.GetMessage()))
	if err != nil {
		return &pluginv1.ServiceCallResponse{Code: int32(connect.CodeInternal), ErrorMessage: err.Error()}
	}
	httpRequest.Header.Set("Content-Type", "application/proto")
	httpRequest.Header.Set("Connect-Protocol-Version", "1")
	if caller := request.GetCaller(); caller != "" {
		httpRequest.Header.Set("Holomush-Caller", caller)
	}
	recorder := &responseRecorder{header: http.Header{}, status: http.StatusOK}
	r.mux.ServeHTTP(recorder, httpRequest)
	if recorder.status == http.StatusOK {
		return &pluginv1.ServiceCallResponse{Message: recorder.body.Bytes()}
	}
	if recorder.status == http.StatusNotFound && !strings.HasPrefix(recorder.header.Get("Content-Type"), "application/json") {
		return &pluginv1.ServiceCallResponse{Code: int32(connect.CodeUnimplemented),
			ErrorMessage: request.GetService() + "/" + request.GetMethod() + " is not served"}
	}
	var wire struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	code := connect.CodeUnknown
	if json.Unmarshal(recorder.body.Bytes(), &wire) == nil {
		if parsed := new(connect.Code); parsed.UnmarshalText([]byte(wire.Code)) == nil {
			code = *parsed
		}
	}
	return &pluginv1.ServiceCallResponse{Code: int32(code), ErrorMessage: wire.Message}
}

// responseRecorder is the in-memory http.ResponseWriter a tunneled call writes to.
type responseRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *responseRecorder) Header() http.Header         { return w.header }
func (w *responseRecorder) Write(p []byte) (int, error) { return w.body.Write(p) }
func (w *responseRecorder) WriteHeader(status int)      { w.status = status }
