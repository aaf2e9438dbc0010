package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/holomush/holomush-plugins/sdks/go/pluginsdk"
)

// The `scene` and `scenes` commands. Scene data goes through the same rules
// as SceneService (scenes.go); session focus goes through the FocusClient:
// the host's scene focus kind decides the streams (scene:<id>:ic and :ooc)
// and replays the IC tail to the joining session. Every output matches the
// TypeScript core-scenes word for word, so the two are interchangeable.
const (
	// RecentPoses are shown in `scene join` output.
	RecentPoses = 5
	// MaxListed scenes are shown by `scenes` at most (fewer past the output limit).
	MaxListed = 20
	// MaxPoseChars cuts a pose in `scene join` output.
	MaxPoseChars = 300
	// MaxCommandOutputBytes is the host's limit on a command's output.
	MaxCommandOutputBytes = 8192
	// SceneUsage is the `scene` command's usage line.
	SceneUsage = "usage: scene create <title> [--tags a,b] | scene join <id> | scene leave <id> | scene pose <id> <text> | scene close <id> | scene list"
)

// commandDeps are what the commands need, ready after Init.
type commandDeps struct {
	scenes *Scenes
	focus  pluginsdk.FocusClient
	world  WorldNames
}

func icStream(sceneID string) string { return "scene:" + sceneID + ":ic" }

func focusTarget(sceneID string) pluginsdk.FocusKey {
	return pluginsdk.FocusKey{Kind: pluginsdk.FocusKindScene, TargetID: sceneID}
}

var tagsFlag = regexp.MustCompile(`(?:^|\s)--tags(?:=|\s+|$)(.*)$`)

// ParseTags splits `--tags a,b` off the end of the arguments. Everything
// after `--tags` is the tag list, so `--tags BAD TAG!` is the (invalid) tag
// "bad tag!", not a tag slipped into the title.
func ParseTags(args string) (rest string, tags []string) {
	match := tagsFlag.FindStringSubmatchIndex(args)
	if match == nil {
		return strings.TrimSpace(args), []string{}
	}
	return strings.TrimSpace(args[:match[0]]), strings.Split(args[match[2]:match[3]], ",")
}

var whitespace = regexp.MustCompile(`\s+`)

func handleSceneCommand(ctx context.Context, req pluginsdk.CommandRequest, deps *commandDeps) (*pluginsdk.CommandResponse, error) {
	response, err := dispatch(ctx, req, deps)
	var refused *SceneError
	if errors.As(err, &refused) {
		// The player's input was wrong (bad title, unknown scene): an ERROR, not a failure.
		return pluginsdk.Errorf("%s.", capitalize(refused.Message)), nil
	}
	return response, err
}

func dispatch(ctx context.Context, req pluginsdk.CommandRequest, deps *commandDeps) (*pluginsdk.CommandResponse, error) {
	if req.Command == "scenes" {
		return listScenes(ctx, req.Args, deps)
	}
	args := strings.TrimSpace(req.Args)
	words := whitespace.Split(args, -1)
	action := words[0]
	arg := func(i int) string {
		if i < len(words) {
			return words[i]
		}
		return ""
	}
	remainder := strings.TrimSpace(args[len(action):])
	switch strings.ToLower(action) {
	case "create":
		return createScene(ctx, req, remainder, deps)
	case "join":
		return joinScene(ctx, req, arg(1), deps)
	case "leave":
		return leaveScene(ctx, req, arg(1), deps)
	case "pose":
		return poseInScene(ctx, req, arg(1), strings.TrimSpace(remainder[len(arg(1)):]), deps)
	case "close":
		return closeScene(ctx, req, arg(1), deps)
	case "list":
		return listScenes(ctx, remainder, deps)
	}
	return pluginsdk.Errorf("%s", SceneUsage), nil
}

func capitalize(text string) string {
	first, size := utf8.DecodeRuneInString(text)
	return string(unicode.ToUpper(first)) + text[size:]
}

func createScene(ctx context.Context, req pluginsdk.CommandRequest, args string, deps *commandDeps) (*pluginsdk.CommandResponse, error) {
	const usage = "usage: scene create <title> [--tags a,b]"
	title, tags := ParseTags(args)
	if title == "" {
		return pluginsdk.Errorf("%s", usage), nil
	}
	if _, err := NormalizeTags(tags); err != nil {
		// A bad tag list is a usage problem: say which tag and how the command goes.
		return pluginsdk.Errorf("%s.\n%s", capitalize(err.Error()), usage), nil
	}
	scene, err := deps.scenes.Create(ctx, NewScene{Title: title, OwnerID: req.CharacterID, LocationID: req.LocationID, Tags: tags})
	if err != nil {
		return nil, err
	}
	where := deps.world.LocationName(ctx, scene.LocationID)
	return pluginsdk.OK(fmt.Sprintf("You create scene %s at %s: %s%s. Join it with: scene join %s",
		scene.ID, where, scene.Title, tagText(scene), scene.ID)), nil
}

func joinScene(ctx context.Context, req pluginsdk.CommandRequest, sceneID string, deps *commandDeps) (*pluginsdk.CommandResponse, error) {
	if sceneID == "" {
		return pluginsdk.Errorf("usage: scene join <id>"), nil
	}
	// The database row first: the participant list is the scene's record, the focus only this session's view.
	scene, err := deps.scenes.Join(ctx, sceneID, req.CharacterID)
	if err != nil {
		return nil, err
	}
	// A fresh join makes the host replay the IC tail to this session: listing it again here would
	// show the joiner every pose twice. Only an idempotent re-join (no replay) lists it.
	replayed := true
	if _, err := deps.focus.JoinFocus(ctx, req.SessionID, focusTarget(scene.ID)); err != nil {
		var refused *pluginsdk.HostError
		switch {
		case pluginsdk.HasCode(err, pluginsdk.CodeFocusAlreadyMember):
			replayed = false // joining twice is an idempotent success (FOCUS_ALREADY_MEMBER)
		case errors.As(err, &refused) && isFocusRefusal(refused.Code):
			// An expired session or the focus policy: the player's to see. The participant
			// row stays: joining again from a fresh session picks it up.
			return pluginsdk.Errorf("You cannot follow scene %s: %s", scene.ID, refused.Message), nil
		default:
			return nil, err
		}
	}
	history, err := deps.focus.QueryStreamHistory(ctx, pluginsdk.HistoryQuery{Stream: icStream(scene.ID), Count: RecentPoses})
	if err != nil {
		return nil, err
	}
	poses := []string{}
	for _, entry := range history.GetEntries() {
		if line, ok := messageOf(entry.GetEvent().GetPayload()); ok {
			poses = append(poses, "  "+clip(line, MaxPoseChars))
		}
	}
	where := deps.world.LocationName(ctx, scene.LocationID)
	lines := []string{fmt.Sprintf("You join scene %s: %s (%s).", scene.ID, scene.Title, where)}
	if len(poses) == 0 {
		lines = append(lines, "No poses yet.")
	} else if !replayed {
		lines = append(append(lines, "Recent poses:"), poses...)
	}
	return pluginsdk.OK(strings.Join(lines, "\n")), nil
}

// isFocusRefusal: the host's focus and session codes, as opposed to a transport failure.
func isFocusRefusal(code pluginsdk.ErrorCode) bool {
	return slices.Contains(pluginsdk.FocusErrorCodes(), code)
}

func leaveScene(ctx context.Context, req pluginsdk.CommandRequest, sceneID string, deps *commandDeps) (*pluginsdk.CommandResponse, error) {
	if sceneID == "" {
		return pluginsdk.Errorf("usage: scene leave <id>"), nil
	}
	before, err := deps.scenes.Get(ctx, sceneID)
	if err != nil {
		return nil, err
	}
	wasParticipant := slices.Contains(before.ParticipantIDs, req.CharacterID)
	scene, err := deps.scenes.Leave(ctx, sceneID, req.CharacterID)
	if err != nil {
		return nil, err
	}
	wasWatching, err := deps.focus.LeaveFocus(ctx, req.SessionID, focusTarget(scene.ID))
	if err != nil {
		return nil, err
	}
	if !wasParticipant && !wasWatching {
		return pluginsdk.OK(fmt.Sprintf("You were not in scene %s.", scene.ID)), nil
	}
	return pluginsdk.OK(fmt.Sprintf("You leave scene %s: %s.", scene.ID, scene.Title)), nil
}

func poseInScene(ctx context.Context, req pluginsdk.CommandRequest, sceneID, text string, deps *commandDeps) (*pluginsdk.CommandResponse, error) {
	if sceneID == "" || text == "" {
		return pluginsdk.Errorf("usage: scene pose <id> <text>"), nil
	}
	scene, err := deps.scenes.Get(ctx, sceneID)
	if err != nil {
		return nil, err
	}
	if scene.State != "active" {
		return pluginsdk.Errorf("Scene %s is closed.", scene.ID), nil
	}
	if !slices.Contains(scene.ParticipantIDs, req.CharacterID) {
		return pluginsdk.Errorf("Join scene %s first.", scene.ID), nil
	}
	// Published as the character (a command's events). The payload carries the name so the
	// scene's history reads on its own (join output, logs) without resolving actor ids.
	payload, err := json.Marshal(struct {
		Message string `json:"message"`
		Name    string `json:"name"`
	}{text, req.CharacterName})
	if err != nil {
		return nil, err
	}
	response := pluginsdk.OK("")
	response.Events = []pluginsdk.EmitEvent{{Stream: icStream(scene.ID), Type: "pose", Payload: string(payload)}}
	return response, nil
}

func closeScene(ctx context.Context, req pluginsdk.CommandRequest, sceneID string, deps *commandDeps) (*pluginsdk.CommandResponse, error) {
	if sceneID == "" {
		return pluginsdk.Errorf("usage: scene close <id>"), nil
	}
	scene, err := deps.scenes.Close(ctx, sceneID, req.CharacterID)
	if err != nil {
		return nil, err
	}
	// Nobody watches a closed scene any more: drop it from every session's focus.
	if _, err := deps.focus.LeaveFocusByTarget(ctx, focusTarget(scene.ID), ""); err != nil {
		return nil, err
	}
	return pluginsdk.OK(fmt.Sprintf("You close scene %s: %s.", scene.ID, scene.Title)), nil
}

func listScenes(ctx context.Context, args string, deps *commandDeps) (*pluginsdk.CommandResponse, error) {
	rest, tags := ParseTags(args)
	if rest != "" {
		return pluginsdk.Errorf("usage: scenes [--tags tag1,tag2]"), nil
	}
	scenes, err := deps.scenes.List(ctx, tags, false)
	if err != nil {
		return nil, err
	}
	if len(scenes) == 0 {
		if len(tags) == 0 {
			return pluginsdk.OK("No open scenes."), nil
		}
		return pluginsdk.OK("No open scenes with those tags."), nil
	}
	candidates := scenes[:min(len(scenes), MaxListed)]
	locations := make([]string, 0, len(candidates))
	for _, scene := range candidates {
		locations = append(locations, scene.LocationID)
	}
	names := deps.world.LocationNames(ctx, locations)
	lines := []string{"Open scenes:"}
	// Room for the "… and N more" line.
	budget := MaxCommandOutputBytes - 64 - len(lines[0])
	for i := range candidates {
		scene := &candidates[i]
		count := len(scene.ParticipantIDs)
		plural := "s"
		if count == 1 {
			plural = ""
		}
		line := fmt.Sprintf("  %s  %s — at %s, %d participant%s%s", scene.ID, scene.Title, names[scene.LocationID], count, plural, tagText(scene))
		budget -= len(line) + 1
		if budget < 0 {
			break
		}
		lines = append(lines, line)
	}
	if omitted := len(scenes) - (len(lines) - 1); omitted > 0 {
		lines = append(lines, fmt.Sprintf("  … and %d more", omitted))
	}
	return pluginsdk.OK(strings.Join(lines, "\n")), nil
}

func tagText(scene *SceneRow) string {
	if len(scene.Tags) == 0 {
		return ""
	}
	return " [" + strings.Join(scene.Tags, ", ") + "]"
}

func clip(text string, maxChars int) string {
	runes := []rune(text)
	if len(runes) <= maxChars {
		return text
	}
	return string(runes[:maxChars-1]) + "…"
}

// messageOf is a pose as a line: "<name> <message>" (the name when the payload has one).
func messageOf(payload string) (string, bool) {
	var body struct {
		Message *string `json:"message"`
		Name    *string `json:"name"`
	}
	if json.Unmarshal([]byte(payload), &body) != nil || body.Message == nil {
		return "", false
	}
	if body.Name != nil {
		return *body.Name + " " + *body.Message, true
	}
	return *body.Message, true
}
