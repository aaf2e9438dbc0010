/**
 * A process plugin in Go on the Go SDK (sdks/go): `go build` makes
 * build/<name>, which the host spawns. Answers one command and echoes what
 * characters say; its test is plain `go test` on the handler.
 */
import type { PluginKind } from "../plugin-kind.js";
import { GO_SDK_MODULE, GO_SDK_VERSION, GO_VERSION } from "../sdks.js";
import { REPOSITORY_MODELINE } from "./schema-modeline.js";

export const goProcessKind: PluginKind = {
  id: "go",
  label: "Go process plugin",
  hint: "a Go binary on the Go SDK (pluginsdk): go build, go test; KV, services, focus, its own database",
  steps: ["go mod tidy", "go test ./...", "go build -o build/ ."],
  files: ({ name, command, sdks }) => ({
    "go.mod": {
      text: `module example.com/${name}

go ${GO_VERSION}

require ${GO_SDK_MODULE} ${GO_SDK_VERSION}

${
  sdks
    ? `// Built against a local SDK checkout (--sdks-from); remove this line to use the published module.
replace ${GO_SDK_MODULE} => ${sdks.go}`
    : `// To build against a local checkout of the SDK (unreleased changes), uncomment and point it
// at the checkout's sdks/go, then run \`go mod tidy\`:
// replace ${GO_SDK_MODULE} => ../holomush-plugins/sdks/go`
}
`,
    },
    "plugin.yaml": {
      text: `${REPOSITORY_MODELINE}
# The host spawns build/${name} (\`go build -o build/ .\`).
name: ${name}
version: 0.1.0
type: binary
description: The ${name} plugin
emits: [location]
events:
  - stream: "location:*"
    types: [say]
commands:
  - name: ${command}
    help: Say hello
    usage: "${command} [name]"
binary-plugin:
  executable: build/${name}
`,
    },
    "main.go": {
      text: `// ${name}: a HoloMUSH process plugin in Go. The host spawns build/${name};
// pluginsdk.Serve dials the host and answers its calls until shutdown.
package main

import (
	"context"
	"encoding/json"
	"strings"

	"${GO_SDK_MODULE}/pluginsdk"
)

type plugin struct{}

// HandleCommand answers \`${command} [name]\`: the answer goes to the character who typed it.
func (plugin) HandleCommand(_ context.Context, req pluginsdk.CommandRequest) (*pluginsdk.CommandResponse, error) {
	who := strings.TrimSpace(req.Args)
	if who == "" {
		who = req.CharacterName
	}
	if len(who) > 40 {
		return pluginsdk.Errorf("usage: ${command} [name]"), nil
	}
	return pluginsdk.OK("Hello, " + who + "!"), nil
}

// HandleEvent receives the events plugin.yaml subscribes to; the events it
// returns are published as the plugin.
func (plugin) HandleEvent(_ context.Context, event pluginsdk.Event) ([]pluginsdk.EmitEvent, error) {
	// Only characters: answering plugins (or ourselves) could loop.
	if event.Type != "say" || event.ActorKind != pluginsdk.ActorCharacter {
		return nil, nil
	}
	var say struct {
		Message string \`json:"message"\`
	}
	if json.Unmarshal([]byte(event.Payload), &say) != nil || say.Message == "" {
		return nil, nil
	}
	payload, err := json.Marshal(map[string]string{"message": "${name} heard: " + say.Message})
	if err != nil {
		return nil, err
	}
	return []pluginsdk.EmitEvent{{Stream: event.Stream, Type: "say", Payload: string(payload)}}, nil
}

func main() {
	pluginsdk.Serve(&pluginsdk.ServeConfig{Handler: plugin{}, Commands: []string{"${command}"}})
}
`,
    },
    "main_test.go": {
      text: `package main

import (
	"context"
	"reflect"
	"testing"

	"${GO_SDK_MODULE}/pluginsdk"
)

func TestAnswersItsCommand(t *testing.T) {
	for args, want := range map[string]string{"": "Hello, Alice!", "Bob": "Hello, Bob!"} {
		request := pluginsdk.CommandRequest{Command: "${command}", Args: args, CharacterName: "Alice"}
		got, err := plugin{}.HandleCommand(context.Background(), request)
		if err != nil || got.Status != pluginsdk.CommandOK || got.Output != want {
			t.Errorf("${command} %q = %+v, %v; want OK %q", args, got, err, want)
		}
	}
}

func TestAnswersWhatCharactersSay(t *testing.T) {
	say := pluginsdk.Event{Stream: "location:square", Type: "say", ActorKind: pluginsdk.ActorCharacter, Payload: \`{"message":"hi"}\`}
	got, err := plugin{}.HandleEvent(context.Background(), say)
	want := []pluginsdk.EmitEvent{{Stream: "location:square", Type: "say", Payload: \`{"message":"${name} heard: hi"}\`}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("HandleEvent = %+v, %v; want %+v", got, err, want)
	}
	say.ActorKind = pluginsdk.ActorPlugin
	if got, _ := (plugin{}).HandleEvent(context.Background(), say); got != nil {
		t.Errorf("a plugin's say was answered: %+v", got)
	}
}
`,
    },
    ".gitignore": { text: "build/\n" },
    "README.md": {
      text: `# ${name}

A [HoloMUSH](https://github.com/holomush/holomush-plugins) process plugin in Go, on the Go SDK
(\`${GO_SDK_MODULE}\`). It answers \`${command} [name]\` and replies to what characters say.

\`\`\`sh
go mod tidy           # fetches the SDK and writes go.sum
go test ./...         # the handler, as plain Go
go build -o build/ .  # build/${name}, the executable plugin.yaml names
\`\`\`

Run it in a host: \`npx @holomush/server run --plugins ..\` (the folder that holds this plugin's
folder; the host is an npm package), connect with \`nc 127.0.0.1 4201\`, type a name, then
\`${command}\` or \`say hi\`. \`npx @holomush/server validate .\` checks plugin.yaml as the host will.

- \`plugin.yaml\` declares what the plugin may do: the events it receives, the streams it may emit
  to, its commands. Your editor checks it against the schema named on its first line.
- The SDK's README lists the rest: \`ServeWithServices\` for services and Init, \`EventSink\`,
  \`FocusClient\`, KV, \`storage.Connect\` / \`RunMigrations\` for a database of its own.

## Building against an unreleased SDK

\`go.mod\` requires the published module, \`${GO_SDK_MODULE} ${GO_SDK_VERSION}\`. To try SDK changes
from a checkout of the platform's repository, point a \`replace\` at its \`sdks/go\` (the commented
line in \`go.mod\`, or \`go mod edit -replace ${GO_SDK_MODULE}=../holomush-plugins/sdks/go\`), then
\`go mod tidy\`. Remove it again before you publish the plugin.
`,
    },
  }),
};
