package pluginsdk

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Environment is what the host hands a process plugin. A plugin the host
// spawned reaches it over the connection it inherited on a descriptor
// (HOLOMUSH_HOST_FD): no secret at all, the connection is the identity. A
// dial-in plugin dials HOLOMUSH_HOST_ADDRESS with a token, from
// HOLOMUSH_PLUGIN_TOKEN_FILE (preferred) or HOLOMUSH_PLUGIN_TOKEN — as the
// TypeScript SDK reads them.
type Environment struct {
	// HostFD is the inherited connection's descriptor (HOLOMUSH_HOST_FD), or -1.
	HostFD int
	// SocketPath is the host's unix socket for dial-in plugins (HOLOMUSH_HOST_ADDRESS=unix:<path>).
	SocketPath string
	// Name is HOLOMUSH_PLUGIN_NAME, the manifest name.
	Name string
	// Version is HOLOMUSH_PLUGIN_VERSION (empty when the host did not set it).
	Version string
	// Token is the bearer secret of a dial-in plugin ("" for an inherited connection).
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
		"and hands it a connection (HOLOMUSH_HOST_FD). To run it yourself as a dial-in plugin, remove\n"+
		"`executable` from its plugin.yaml and export HOLOMUSH_HOST_ADDRESS=unix:<host socket>,\n"+
		"HOLOMUSH_PLUGIN_NAME=<name> and HOLOMUSH_PLUGIN_TOKEN_FILE=<file holding the token from the host operator>\n"+
		"(or HOLOMUSH_PLUGIN_TOKEN=<token>).",
		strings.Join(e.Missing, ", "))
}

// ReadEnvironment reads the plugin environment from getenv (os.Getenv when nil).
func ReadEnvironment(getenv func(string) string) (*Environment, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	var missing []string
	if getenv("HOLOMUSH_PLUGIN_NAME") == "" {
		missing = append(missing, "HOLOMUSH_PLUGIN_NAME")
	}
	env := &Environment{HostFD: -1}
	if fd := getenv("HOLOMUSH_HOST_FD"); fd != "" {
		n, err := strconv.Atoi(fd)
		if err != nil || n <= 2 {
			missing = append(missing, "HOLOMUSH_HOST_FD (must be a descriptor number above 2)")
		}
		env.HostFD = n
	} else {
		address := getenv("HOLOMUSH_HOST_ADDRESS")
		switch {
		case address == "":
			missing = append(missing, "HOLOMUSH_HOST_ADDRESS")
		case !strings.HasPrefix(address, "unix:"):
			missing = append(missing, "HOLOMUSH_HOST_ADDRESS (must be unix:<socket path>)")
		}
		env.SocketPath = strings.TrimPrefix(address, "unix:")
		token, problem := readToken(getenv)
		if problem != "" {
			missing = append(missing, problem)
		}
		env.Token = token
	}
	if len(missing) > 0 {
		return nil, &MisconfiguredError{Missing: missing}
	}
	versions := getenv("HOLOMUSH_API_VERSIONS")
	if versions == "" {
		versions = strings.Join(APIVersions, ",")
	}
	for _, v := range strings.Split(versions, ",") {
		if v = strings.TrimSpace(v); v != "" {
			env.HostAPIVersions = append(env.HostAPIVersions, v)
		}
	}
	env.Name = getenv("HOLOMUSH_PLUGIN_NAME")
	env.Version = getenv("HOLOMUSH_PLUGIN_VERSION")
	env.StdinLifeline = getenv("HOLOMUSH_STDIN_LIFELINE") == "1"
	return env, nil
}

// readToken is the one place a dial-in plugin learns its bearer token:
// HOLOMUSH_PLUGIN_TOKEN_FILE (the secret stays out of the environment), else
// HOLOMUSH_PLUGIN_TOKEN. It returns what is missing, or "".
func readToken(getenv func(string) string) (string, string) {
	token := getenv("HOLOMUSH_PLUGIN_TOKEN")
	if file := getenv("HOLOMUSH_PLUGIN_TOKEN_FILE"); file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Sprintf("HOLOMUSH_PLUGIN_TOKEN_FILE (cannot read %s: %v)", file, err)
		}
		token = strings.TrimSpace(string(data))
	}
	if token == "" {
		return "", "HOLOMUSH_PLUGIN_TOKEN"
	}
	return token, ""
}
