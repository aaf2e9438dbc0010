package pluginsdk

import (
	"context"
	"strings"
	"sync"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	pluginv1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/plugin/v1"
)

// CapabilityHostRequests is the HostHello capability saying the host answers
// HostRequest frames: PluginHostService calls over the plugin's open stream.
const CapabilityHostRequests = "host-requests"

// streamCalls carries PluginHostService calls over the plugin's open stream
// as HostRequest/HostResponse frames, correlated by request_id. The host runs
// the same implementation as for the unary calls, so answers and error codes
// are the same; what is saved is an HTTP/2 request per call.
type streamCalls struct {
	send func(*pluginv1.ConnectRequest)

	mu      sync.Mutex
	next    uint64
	pending map[uint64]chan *pluginv1.HostResponse
	closed  *HostError
}

func newStreamCalls(send func(*pluginv1.ConnectRequest)) *streamCalls {
	return &streamCalls{send: send, pending: map[uint64]chan *pluginv1.HostResponse{}}
}

// call sends one request and waits for its answer, the stream's end or ctx.
func (c *streamCalls) call(ctx context.Context, method string, request, response proto.Message) error {
	message, err := proto.Marshal(request)
	if err != nil {
		return &HostError{Code: StatusInvalidArgument, Message: err.Error(), ConnectCode: connect.CodeInvalidArgument, cause: err}
	}
	answer := make(chan *pluginv1.HostResponse, 1)
	c.mu.Lock()
	if c.closed != nil {
		c.mu.Unlock()
		return c.closed
	}
	c.next++
	id := c.next
	c.pending[id] = answer
	c.mu.Unlock()
	c.send(&pluginv1.ConnectRequest{Frame: &pluginv1.ConnectRequest_HostRequest{HostRequest: &pluginv1.HostRequest{
		RequestId: id, Method: method, Message: message,
	}}})
	select {
	case reply, ok := <-answer:
		if !ok {
			c.mu.Lock()
			defer c.mu.Unlock()
			return c.closed
		}
		if reply.GetCode() != 0 {
			return hostErrorFromResponse(reply)
		}
		if err := proto.Unmarshal(reply.GetMessage(), response); err != nil {
			return &HostError{Code: StatusInternal, Message: "unreadable host response: " + err.Error(), ConnectCode: connect.CodeInternal, cause: err}
		}
		return nil
	case <-ctx.Done():
		c.mu.Lock()
		delete(c.pending, id) // a late answer is dropped
		c.mu.Unlock()
		return toHostError(connect.NewError(connect.CodeOf(ctx.Err()), ctx.Err()))
	}
}

// receive settles the request a HostResponse answers; an unknown id is dropped.
func (c *streamCalls) receive(reply *pluginv1.HostResponse) {
	c.mu.Lock()
	answer, ok := c.pending[reply.GetRequestId()]
	delete(c.pending, reply.GetRequestId())
	c.mu.Unlock()
	if ok {
		answer <- reply
	}
}

// close fails every call in flight, and every later one, with HOST_CONNECTION_LOST.
func (c *streamCalls) close(reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed != nil {
		return
	}
	c.closed = &HostError{Code: CodeHostConnectionLost, Message: "the stream to the host closed: " + reason, ConnectCode: connect.CodeUnavailable}
	for id, answer := range c.pending {
		close(answer)
		delete(c.pending, id)
	}
}

// hostErrorFromResponse is the HostError a unary call with the same code and ErrorDetail would give.
func hostErrorFromResponse(reply *pluginv1.HostResponse) *HostError {
	code := connect.Code(reply.GetCode())
	out := &HostError{Code: ErrorCode(strings.ToUpper(code.String())), ConnectCode: code, Details: map[string]string{}}
	if detail := reply.GetError(); detail != nil {
		if detail.GetCode() != "" {
			out.Code = ErrorCode(detail.GetCode())
		}
		out.Message = detail.GetMessage()
		for k, v := range detail.GetMetadata() {
			out.Details[k] = v
		}
	}
	if out.Message == "" {
		out.Message = string(out.Code)
	}
	return out
}

// invoke makes one PluginHostService call: over the stream when the host
// offers it, else as the unary call.
func invoke[Req, Resp any, PReq interface {
	*Req
	proto.Message
}, PResp interface {
	*Resp
	proto.Message
}](ctx context.Context, c *hostClient, method string, request PReq,
	unary func(context.Context, *connect.Request[Req]) (*connect.Response[Resp], error),
) (PResp, error) {
	if c.calls != nil {
		response := PResp(new(Resp))
		if err := c.calls.call(ctx, method, request, response); err != nil {
			return nil, err
		}
		return response, nil
	}
	reply, err := unary(ctx, connect.NewRequest((*Req)(request)))
	if err != nil {
		return nil, toHostError(err)
	}
	return PResp(reply.Msg), nil
}
