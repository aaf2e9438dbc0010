package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// MaxTitleLength and MaxTags bound what a scene carries.
const (
	MaxTitleLength = 120
	MaxTags        = 10
)

var tagPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)

// SceneErrorCode says why a scene rule refused: each entry point maps it to
// its own vocabulary (Connect codes for SceneService, ERROR for commands).
type SceneErrorCode string

// The rule failures.
const (
	InvalidArgument    SceneErrorCode = "INVALID_ARGUMENT"
	NotFound           SceneErrorCode = "NOT_FOUND"
	FailedPrecondition SceneErrorCode = "FAILED_PRECONDITION"
)

// SceneError is a refused scene operation, worded for the player.
type SceneError struct {
	Code    SceneErrorCode
	Message string
}

func (e *SceneError) Error() string { return e.Message }

func sceneErrorf(code SceneErrorCode, format string, args ...any) *SceneError {
	return &SceneError{Code: code, Message: fmt.Sprintf(format, args...)}
}

func required(value, what string) (string, error) {
	trimmed := strings.TrimSpace(value)
	if trimmed == "" {
		return "", sceneErrorf(InvalidArgument, "%s must not be empty", what)
	}
	return trimmed, nil
}

// NormalizeTags keeps tags lower-case, trimmed and without duplicates (they
// are compared exactly), in their first order; never nil.
func NormalizeTags(tags []string) ([]string, error) {
	out := []string{}
	seen := map[string]bool{}
	for _, tag := range tags {
		tag = strings.ToLower(strings.TrimSpace(tag))
		if tag == "" || seen[tag] {
			continue
		}
		seen[tag] = true
		out = append(out, tag)
	}
	for _, tag := range out {
		if !tagPattern.MatchString(tag) {
			return nil, sceneErrorf(InvalidArgument, `tag "%s" must be 1-32 characters of a-z, 0-9, _ or -`, tag)
		}
	}
	if len(out) > MaxTags {
		return nil, sceneErrorf(InvalidArgument, "at most %d tags", MaxTags)
	}
	return out, nil
}

// Scenes holds the rules shared by SceneService and the commands, so both
// refuse the same input with the same words.
type Scenes struct{ store *SceneStore }

func found(sceneID string, scene *SceneRow, err error) (*SceneRow, error) {
	if err != nil {
		return nil, err
	}
	if scene == nil {
		return nil, sceneErrorf(NotFound, "no scene %s", sceneID)
	}
	return scene, nil
}

// Create opens a scene.
func (s *Scenes) Create(ctx context.Context, input NewScene) (*SceneRow, error) {
	title, err := required(input.Title, "title")
	if err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(title) > MaxTitleLength {
		return nil, sceneErrorf(InvalidArgument, "title must be at most %d characters", MaxTitleLength)
	}
	owner, err := required(input.OwnerID, "character id")
	if err != nil {
		return nil, err
	}
	location, err := required(input.LocationID, "location id")
	if err != nil {
		return nil, err
	}
	tags, err := NormalizeTags(input.Tags)
	if err != nil {
		return nil, err
	}
	return s.store.Create(ctx, NewScene{Title: title, OwnerID: owner, LocationID: location, Tags: tags})
}

// Get finds a scene (NotFound when there is none).
func (s *Scenes) Get(ctx context.Context, sceneID string) (*SceneRow, error) {
	id, err := required(sceneID, "scene id")
	if err != nil {
		return nil, err
	}
	scene, err := s.store.Get(ctx, id)
	return found(id, scene, err)
}

// List returns scenes newest first, those carrying every tag.
func (s *Scenes) List(ctx context.Context, tags []string, includeClosed bool) ([]SceneRow, error) {
	normalized, err := NormalizeTags(tags)
	if err != nil {
		return nil, err
	}
	return s.store.List(ctx, normalized, includeClosed)
}

// Join adds a participant to an open scene (joining twice is a no-op).
func (s *Scenes) Join(ctx context.Context, sceneID, characterID string) (*SceneRow, error) {
	character, err := required(characterID, "character id")
	if err != nil {
		return nil, err
	}
	scene, err := s.Get(ctx, sceneID)
	if err != nil {
		return nil, err
	}
	if scene.State != "active" {
		return nil, sceneErrorf(FailedPrecondition, "scene %s is closed", scene.ID)
	}
	joined, err := s.store.AddParticipant(ctx, scene.ID, character)
	return found(scene.ID, joined, err)
}

// Leave removes a participant (leaving a scene you are not in is a no-op).
func (s *Scenes) Leave(ctx context.Context, sceneID, characterID string) (*SceneRow, error) {
	character, err := required(characterID, "character id")
	if err != nil {
		return nil, err
	}
	id, err := required(sceneID, "scene id")
	if err != nil {
		return nil, err
	}
	left, err := s.store.RemoveParticipant(ctx, id, character)
	return found(id, left, err)
}

// Close marks a scene closed; only its owner may.
func (s *Scenes) Close(ctx context.Context, sceneID, characterID string) (*SceneRow, error) {
	scene, err := s.Get(ctx, sceneID)
	if err != nil {
		return nil, err
	}
	if scene.OwnerID != characterID {
		return nil, sceneErrorf(FailedPrecondition, "only the scene's owner may close scene %s", scene.ID)
	}
	closed, err := s.store.Close(ctx, scene.ID)
	return found(scene.ID, closed, err)
}
