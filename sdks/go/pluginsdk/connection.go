package pluginsdk

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"sync/atomic"

	"connectrpc.com/connect"

	"github.com/holomush/holomush-plugins/sdks/go/gen/holomush/plugin/v1/pluginv1connect"
)

// baseURL is what every request names; the transport dials the unix socket.
const baseURL = "http://localhost"

// hostConnection is the plugin's one HTTP/2 connection to the host: the
// Connect stream, the PluginHostService unary calls behind EventSink,
// FocusClient and KV, and brokered service calls share one http.Transport
// (h2c over the unix socket or the inherited connection), each request
// carrying the bearer token when the plugin dialled in with one.
type hostConnection struct {
	httpClient *http.Client
	host       pluginv1connect.PluginHostServiceClient
	transport  *http.Transport
}

// newHostConnection dials the socket (dial-in) or wraps the inherited
// descriptor (spawned). The descriptor can be used once: if that connection
// is gone, so is the plugin's identity, and the session ends.
func newHostConnection(env *Environment) (*hostConnection, error) {
	dial := func(ctx context.Context, _, _ string) (net.Conn, error) {
		var dialer net.Dialer
		return dialer.DialContext(ctx, "unix", env.SocketPath)
	}
	if env.HostFD >= 0 {
		conn, err := net.FileConn(os.NewFile(uintptr(env.HostFD), "holomush-host"))
		if err != nil {
			return nil, fmt.Errorf("holomush plugin: HOLOMUSH_HOST_FD %d is not a connection: %w", env.HostFD, err)
		}
		var used atomic.Bool
		dial = func(context.Context, string, string) (net.Conn, error) {
			if used.Swap(true) {
				return nil, errors.New("the host connection is gone")
			}
			return conn, nil
		}
	}
	token := env.Token
	var protocols http.Protocols
	protocols.SetUnencryptedHTTP2(true)
	transport := &http.Transport{
		Protocols:   &protocols,
		DialContext: dial,
		// One connection carries every stream (HTTP/2 multiplexes them).
		MaxConnsPerHost: 1,
	}
	httpClient := &http.Client{Transport: &bearerTransport{token: token, next: transport}}
	return &hostConnection{
		httpClient: httpClient,
		transport:  transport,
		// Binary protobuf over the Connect protocol: the host's fast path for the stream.
		host: pluginv1connect.NewPluginHostServiceClient(httpClient, baseURL),
	}, nil
}

func (c *hostConnection) close() { c.transport.CloseIdleConnections() }

// bearerTransport adds the plugin's token (and optional headers) to every request.
type bearerTransport struct {
	token   string
	headers map[string]string
	next    http.RoundTripper
}

func (t *bearerTransport) RoundTrip(request *http.Request) (*http.Response, error) {
	request = request.Clone(request.Context())
	if t.token != "" { // an inherited connection needs none: the connection is the identity
		request.Header.Set("Authorization", "Bearer "+t.token)
	}
	for name, value := range t.headers {
		request.Header.Set(name, value)
	}
	return t.next.RoundTrip(request)
}

// Broker dials the services a plugin requires, through the host (go-plugin's
// GRPCBroker): each call carries the plugin's token and the broker id the
// host issued in Init, on the same connection as everything else.
type Broker struct{ conn *hostConnection }

// BrokerHeader names the broker id of a brokered call.
const BrokerHeader = "Holomush-Broker"

// Dial returns an HTTP client and base URL for a required service's
// connect-go client: `worldv1connect.NewWorldServiceClient(broker.Dial(id))`.
func (b *Broker) Dial(brokerID uint64) (connect.HTTPClient, string) {
	bearer := b.conn.httpClient.Transport.(*bearerTransport)
	return &http.Client{Transport: &bearerTransport{
		token:   bearer.token,
		headers: map[string]string{BrokerHeader: formatUint(brokerID)},
		next:    bearer.next,
	}}, baseURL
}

// DialService builds a typed client for a required service in one call:
// `client := pluginsdk.DialService(broker, id, worldv1connect.NewWorldServiceClient)`.
func DialService[T any](broker *Broker, brokerID uint64, newClient func(connect.HTTPClient, string, ...connect.ClientOption) T) T {
	httpClient, url := broker.Dial(brokerID)
	return newClient(httpClient, url)
}
