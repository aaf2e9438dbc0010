package main

import (
	"context"
	"errors"

	"connectrpc.com/connect"

	scenev1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/scene/v1"
	"github.com/holomush/holomush-plugins/sdks/go/gen/holomush/scene/v1/scenev1connect"
)

// sceneService is holomush.scene.v1.SceneService as a connect-go handler: the
// SDK registers it, and the host tunnels other plugins' calls to it over this
// plugin's stream. SceneErrors become the matching Connect codes.
type sceneService struct {
	// scenes is read at call time: the store exists only after Init.
	scenes func() (*Scenes, error)
}

var _ scenev1connect.SceneServiceHandler = sceneService{}

var connectCodes = map[SceneErrorCode]connect.Code{
	InvalidArgument:    connect.CodeInvalidArgument,
	NotFound:           connect.CodeNotFound,
	FailedPrecondition: connect.CodeFailedPrecondition,
}

func toScene(row *SceneRow) *scenev1.Scene {
	state := scenev1.SceneState_SCENE_STATE_CLOSED
	if row.State == "active" {
		state = scenev1.SceneState_SCENE_STATE_ACTIVE
	}
	return &scenev1.Scene{
		Id: row.ID, Title: row.Title, OwnerId: row.OwnerID, LocationId: row.LocationID, State: state,
		ParticipantIds: row.ParticipantIDs, CreatedAt: row.CreatedAt, Tags: row.Tags,
	}
}

// mapped runs call on the initialized scenes and maps a SceneError to its Connect code.
func mapped[T any](s sceneService, call func(*Scenes) (T, error)) (T, error) {
	var zero T
	scenes, err := s.scenes()
	if err != nil {
		return zero, err
	}
	out, err := call(scenes)
	var refused *SceneError
	if errors.As(err, &refused) {
		return zero, connect.NewError(connectCodes[refused.Code], errors.New(refused.Message))
	}
	return out, err
}

func (s sceneService) CreateScene(ctx context.Context, req *connect.Request[scenev1.CreateSceneRequest]) (*connect.Response[scenev1.CreateSceneResponse], error) {
	return mapped(s, func(scenes *Scenes) (*connect.Response[scenev1.CreateSceneResponse], error) {
		row, err := scenes.Create(ctx, NewScene{
			Title: req.Msg.GetTitle(), OwnerID: req.Msg.GetCharacterId(), LocationID: req.Msg.GetLocationId(), Tags: req.Msg.GetTags(),
		})
		if err != nil {
			return nil, err
		}
		return connect.NewResponse(&scenev1.CreateSceneResponse{Scene: toScene(row)}), nil
	})
}

func (s sceneService) GetScene(ctx context.Context, req *connect.Request[scenev1.GetSceneRequest]) (*connect.Response[scenev1.GetSceneResponse], error) {
	return mapped(s, func(scenes *Scenes) (*connect.Response[scenev1.GetSceneResponse], error) {
		row, err := scenes.Get(ctx, req.Msg.GetSceneId())
		if err != nil {
			return nil, err
		}
		return connect.NewResponse(&scenev1.GetSceneResponse{Scene: toScene(row)}), nil
	})
}

func (s sceneService) ListScenes(ctx context.Context, req *connect.Request[scenev1.ListScenesRequest]) (*connect.Response[scenev1.ListScenesResponse], error) {
	return mapped(s, func(scenes *Scenes) (*connect.Response[scenev1.ListScenesResponse], error) {
		rows, err := scenes.List(ctx, req.Msg.GetTags(), req.Msg.GetIncludeClosed())
		if err != nil {
			return nil, err
		}
		out := make([]*scenev1.Scene, 0, len(rows))
		for i := range rows {
			out = append(out, toScene(&rows[i]))
		}
		return connect.NewResponse(&scenev1.ListScenesResponse{Scenes: out}), nil
	})
}

func (s sceneService) JoinScene(ctx context.Context, req *connect.Request[scenev1.JoinSceneRequest]) (*connect.Response[scenev1.JoinSceneResponse], error) {
	return mapped(s, func(scenes *Scenes) (*connect.Response[scenev1.JoinSceneResponse], error) {
		row, err := scenes.Join(ctx, req.Msg.GetSceneId(), req.Msg.GetCharacterId())
		if err != nil {
			return nil, err
		}
		return connect.NewResponse(&scenev1.JoinSceneResponse{Scene: toScene(row)}), nil
	})
}

func (s sceneService) LeaveScene(ctx context.Context, req *connect.Request[scenev1.LeaveSceneRequest]) (*connect.Response[scenev1.LeaveSceneResponse], error) {
	return mapped(s, func(scenes *Scenes) (*connect.Response[scenev1.LeaveSceneResponse], error) {
		row, err := scenes.Leave(ctx, req.Msg.GetSceneId(), req.Msg.GetCharacterId())
		if err != nil {
			return nil, err
		}
		return connect.NewResponse(&scenev1.LeaveSceneResponse{Scene: toScene(row)}), nil
	})
}
