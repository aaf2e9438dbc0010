// go-wasm-conf: the conformance probes (conformance/README.md) as a Go WASI
// reactor (GOOS=wasip1, -buildmode=c-shared, //go:wasmexport) against the raw
// Extism ABI and the HoloMUSH host functions (docs/wasm-abi.md); standard
// library only.
package main

import (
	"encoding/json"
	"strings"
)

//go:wasmimport extism:host/env input_length
func inputLength() uint64

//go:wasmimport extism:host/env input_load_u8
func inputLoadU8(offset uint64) uint32

//go:wasmimport extism:host/env alloc
func extismAlloc(length uint64) uint64

//go:wasmimport extism:host/env length
func extismLength(offset uint64) uint64

//go:wasmimport extism:host/env load_u8
func loadU8(offset uint64) uint32

//go:wasmimport extism:host/env store_u8
func storeU8(offset uint64, value uint32)

//go:wasmimport extism:host/env output_set
func outputSet(offset, length uint64)

//go:wasmimport extism:host/user emit
func hostEmit(request uint64) uint64

//go:wasmimport extism:host/user kv_get
func hostKvGet(request uint64) uint64

//go:wasmimport extism:host/user kv_set
func hostKvSet(request uint64) uint64

//go:wasmimport extism:host/user kv_list
func hostKvList(request uint64) uint64

//go:wasmimport extism:host/user query_history
func hostQueryHistory(request uint64) uint64

func main() {}

func input() []byte {
	n := inputLength()
	data := make([]byte, n)
	for i := range n {
		data[i] = byte(inputLoadU8(i))
	}
	return data
}

func block(data []byte) uint64 {
	offset := extismAlloc(uint64(len(data)))
	for i, b := range data {
		storeU8(offset+uint64(i), uint32(b))
	}
	return offset
}

func output(value any) {
	data, _ := json.Marshal(value)
	outputSet(block(data), uint64(len(data)))
}

type hostAnswer struct {
	Error *struct {
		Code string `json:"code"`
	} `json:"error"`
	Found   bool   `json:"found"`
	Value   string `json:"value"`
	Entries []struct {
		Key   string `json:"key"`
		Event struct {
			Payload string `json:"payload"`
		} `json:"event"`
	} `json:"entries"`
}

func call(fn func(uint64) uint64, request any) hostAnswer {
	data, _ := json.Marshal(request)
	offset := fn(block(data))
	answer := make([]byte, extismLength(offset))
	for i := range answer {
		answer[i] = byte(loadU8(offset + uint64(i)))
	}
	var parsed hostAnswer
	_ = json.Unmarshal(answer, &parsed)
	return parsed
}

type emit struct {
	Stream  string `json:"stream"`
	Type    string `json:"type"`
	Payload string `json:"payload"`
}

//go:wasmexport handle_event
func handleEvent() int32 {
	var event struct {
		Stream    string `json:"stream"`
		Type      string `json:"type"`
		ActorKind int    `json:"actor_kind"`
		Payload   string `json:"payload"`
	}
	if json.Unmarshal(input(), &event) != nil {
		return 0
	}
	switch {
	case event.Type == "say" && event.ActorKind == 0:
		var say struct {
			Message string `json:"message"`
		}
		if json.Unmarshal([]byte(event.Payload), &say) != nil || say.Message == "" {
			return 0
		}
		payload, _ := json.Marshal(map[string]string{"message": "Echo: " + say.Message})
		output(map[string]any{"events": []emit{{event.Stream, "say", string(payload)}}})
	case event.Type == "conf.seq":
		output(map[string]any{"events": []emit{{event.Stream, "conf.ack", event.Payload}}})
	}
	return 0
}

type request struct {
	Command       string `json:"command"`
	Args          string `json:"args"`
	CharacterID   string `json:"character_id"`
	CharacterName string `json:"character_name"`
	LocationID    string `json:"location_id"`
	SessionID     string `json:"session_id"`
	PlayerID      string `json:"player_id"`
	InvokedAs     string `json:"invoked_as"`
}

func reply(status, text string) int32 {
	output(map[string]string{"status": status, "output": text})
	return 0
}

//go:wasmexport handle_command
func handleCommand() int32 {
	var req request
	if err := json.Unmarshal(input(), &req); err != nil {
		return reply("fatal", err.Error())
	}
	probe, rest, _ := strings.Cut(strings.TrimSpace(req.Args), " ")
	rest = strings.TrimSpace(rest)
	first, tail, _ := strings.Cut(rest, " ")
	switch probe {
	case "status":
		if first == "ok" || first == "error" || first == "failure" {
			return reply(first, tail)
		}
		return reply("error", "usage: conf status ok|error|failure <text>")
	case "request":
		data, _ := json.Marshal(map[string]string{
			"command": req.Command, "args": req.Args, "characterId": req.CharacterID,
			"characterName": req.CharacterName, "locationId": req.LocationID, "sessionId": req.SessionID,
			"playerId": req.PlayerID, "invokedAs": req.InvokedAs,
		})
		return reply("ok", string(data))
	case "kv-set":
		if answer := call(hostKvSet, map[string]string{"key": first, "value": tail}); answer.Error != nil {
			return reply("failure", answer.Error.Code)
		}
		return reply("ok", "stored "+first)
	case "kv-get":
		answer := call(hostKvGet, map[string]string{"key": rest})
		if !answer.Found {
			return reply("error", "no key "+rest)
		}
		return reply("ok", answer.Value)
	case "kv-list":
		answer := call(hostKvList, map[string]string{"prefix": rest})
		keys := make([]string, 0, len(answer.Entries))
		for _, entry := range answer.Entries {
			keys = append(keys, entry.Key)
		}
		return reply("ok", strings.Join(keys, ","))
	case "emit":
		if answer := call(hostEmit, emit{rest, "conf.emitted", `{"by":"go-wasm-conf"}`}); answer.Error != nil {
			return reply("error", answer.Error.Code)
		}
		return reply("ok", "emitted")
	case "history":
		answer := call(hostQueryHistory, map[string]any{"stream": rest, "count": 10})
		messages := make([]string, 0, len(answer.Entries))
		for _, entry := range answer.Entries {
			var body struct {
				Message string `json:"message"`
			}
			_ = json.Unmarshal([]byte(entry.Event.Payload), &body)
			messages = append(messages, body.Message)
		}
		return reply("ok", strings.Join(messages, "|"))
	case "crash":
		panic("conf crash")
	case "sleep":
		// No clock worth using in the sandbox: spin until the host's deadline stops the call.
		for spins := 0; ; spins++ {
			_ = spins
		}
	}
	return reply("error", "unknown probe "+probe)
}
