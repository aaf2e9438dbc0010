package pluginsdk

import (
	"context"
	"fmt"
	"io"
	"os"
)

// ServeConfig configures Serve.
type ServeConfig struct {
	// Handler receives events (and commands when it is a CommandHandler).
	Handler Handler
	// Name overrides HOLOMUSH_PLUGIN_NAME for the hello; must equal the manifest's.
	Name string
	// Version overrides HOLOMUSH_PLUGIN_VERSION; must equal the manifest's.
	Version string
	// Commands this plugin claims in its hello (each declared in the manifest).
	Commands []string
	// APIVersions offered, most preferred first (default APIVersions).
	APIVersions []string
	// Getenv reads the environment (default os.Getenv); for tests.
	Getenv func(string) string
	// UnaryHostCalls makes EventSink, FocusClient and KVClient use unary
	// PluginHostService calls even when the host offers them over the
	// plugin's stream (the default when offered: one HTTP/2 request fewer per call).
	UnaryHostCalls bool
}

// Serve runs an event/command plugin until the host shuts it down, then
// exits: 0 after a Shutdown, 1 when the host refused the plugin or went
// away, 2 when started outside a host.
func Serve(config *ServeConfig) {
	ServeWithServices(config, nil)
}

// ServeWithServices runs a plugin that provides services or needs Init.
func ServeWithServices(config *ServeConfig, provider ServiceProvider) {
	end, err := Run(context.Background(), config, provider)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	switch end.Kind {
	case "shutdown":
		os.Exit(0)
	case "refused":
		fmt.Fprintf(os.Stderr, "holomush plugin: the host refused this plugin: %s\n", end.Refusal)
	default:
		fmt.Fprintf(os.Stderr, "holomush plugin: lost the host connection: %s\n", end.Reason)
	}
	os.Exit(1)
}

// Run is ServeWithServices without exiting: it returns how the session
// ended, or a *MisconfiguredError when the environment is incomplete.
func Run(ctx context.Context, config *ServeConfig, provider ServiceProvider) (SessionEnd, error) {
	if config == nil || config.Handler == nil {
		return SessionEnd{}, fmt.Errorf("holomush plugin: ServeConfig.Handler is required")
	}
	env, err := ReadEnvironment(config.Getenv)
	if err != nil {
		return SessionEnd{}, err
	}
	if env.StdinLifeline {
		// The host that spawned us keeps our stdin open; EOF means it is gone.
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			os.Exit(1)
		}()
	}
	registry := newServiceRegistry()
	if provider != nil {
		provider.RegisterServices(registry)
	}
	conn, err := newHostConnection(env)
	if err != nil {
		return SessionEnd{}, err
	}
	defer conn.close()
	hello := helloInit{
		name: firstNonEmpty(config.Name, env.Name), version: firstNonEmpty(config.Version, env.Version),
		apiVersions: config.APIVersions, commands: config.Commands, providedServices: registry.services,
	}
	if len(hello.apiVersions) == 0 {
		hello.apiVersions = APIVersions
	}
	s := &session{conn: conn, handler: config.Handler, provider: provider, registry: registry, unaryHostCalls: config.UnaryHostCalls}
	return runSession(ctx, s, hello), nil
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
