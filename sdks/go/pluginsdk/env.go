package pluginsdk

import (
	"fmt"
	"os"
	"strings"
)

// Environment is what the host hands a process plugin at spawn.
type Environment struct {
	// SocketPath is the host's unix socket (HOLOMUSH_HOST_ADDRESS=unix:<path>).
	SocketPath string
	// Name is HOLOMUSH_PLUGIN_NAME, the manifest name.
	Name string
	// Version is HOLOMUSH_PLUGIN_VERSION (empty when the host did not set it).
	Version string
	// Token is the bearer secret that identifies this plugin to the host.
	Token string
	// HostAPIVersions is HOLOMUSH_API_VERSIONS (informational).
	HostAPIVersions []string
	// StdinLifeline is HOLOMUSH_STDIN_LIFELINE=1: exit when stdin reaches EOF.
	StdinLifeline bool
}

// MisconfiguredError names the environment a plugin started outside a host lacks.
type MisconfiguredError struct{ Missing []string }

func (e *MisconfiguredError) Error() string {
	return fmt.Sprintf("holomush plugin: missing environment: %s.\n"+
		"This program is a HoloMUSH process plugin: the host starts it (plugin.yaml `binary-plugin.executable`)\n"+
		"and passes the socket address and a token in HOLOMUSH_* variables. To run it yourself as a dial-in\n"+
		"plugin, remove `executable` from its plugin.yaml and export HOLOMUSH_HOST_ADDRESS=unix:<host socket>,\n"+
		"HOLOMUSH_PLUGIN_NAME=<name> and HOLOMUSH_PLUGIN_TOKEN=<token from the host operator>.",
		strings.Join(e.Missing, ", "))
}

// ReadEnvironment reads the plugin environment from getenv (os.Getenv when nil).
func ReadEnvironment(getenv func(string) string) (*Environment, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	var missing []string
	for _, name := range []string{"HOLOMUSH_HOST_ADDRESS", "HOLOMUSH_PLUGIN_NAME"} {
		if getenv(name) == "" {
			missing = append(missing, name)
		}
	}
	token := readToken(getenv)
	if token == "" {
		missing = append(missing, "HOLOMUSH_PLUGIN_TOKEN")
	}
	address := getenv("HOLOMUSH_HOST_ADDRESS")
	if address != "" && !strings.HasPrefix(address, "unix:") {
		missing = append(missing, "HOLOMUSH_HOST_ADDRESS (must be unix:<socket path>)")
	}
	if len(missing) > 0 {
		return nil, &MisconfiguredError{Missing: missing}
	}
	versions := getenv("HOLOMUSH_API_VERSIONS")
	if versions == "" {
		versions = strings.Join(APIVersions, ",")
	}
	var hostVersions []string
	for _, v := range strings.Split(versions, ",") {
		if v = strings.TrimSpace(v); v != "" {
			hostVersions = append(hostVersions, v)
		}
	}
	return &Environment{
		SocketPath:      strings.TrimPrefix(address, "unix:"),
		Name:            getenv("HOLOMUSH_PLUGIN_NAME"),
		Version:         getenv("HOLOMUSH_PLUGIN_VERSION"),
		Token:           token,
		HostAPIVersions: hostVersions,
		StdinLifeline:   getenv("HOLOMUSH_STDIN_LIFELINE") == "1",
	}, nil
}

// readToken is the one place the SDK learns its bearer token, so a change in
// how the host hands it over (today: the HOLOMUSH_PLUGIN_TOKEN variable, as
// the TypeScript SDK reads it) is a change here only.
func readToken(getenv func(string) string) string {
	return getenv("HOLOMUSH_PLUGIN_TOKEN")
}
