// scene-provider: a Go plugin that provides holomush.scene.v1.SceneService
// through pluginsdk.ServeWithServices, for go-echo's provides test. GetScene
// answers from memory and names its caller; a missing scene is NotFound.
package main

import (
	"context"
	"errors"

	"connectrpc.com/connect"

	pluginv1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/plugin/v1"
	scenev1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/scene/v1"
	"github.com/holomush/holomush-plugins/sdks/go/gen/holomush/scene/v1/scenev1connect"
	"github.com/holomush/holomush-plugins/sdks/go/pluginsdk"
)

type scenes struct {
	scenev1connect.UnimplementedSceneServiceHandler
}

func (scenes) GetScene(_ context.Context, request *connect.Request[scenev1.GetSceneRequest]) (*connect.Response[scenev1.GetSceneResponse], error) {
	if request.Msg.GetSceneId() != "s1" {
		return nil, connect.NewError(connect.CodeNotFound, errors.New("no scene "+request.Msg.GetSceneId()))
	}
	title := "The Salty Mug, asked by " + request.Header().Get("Holomush-Caller")
	return connect.NewResponse(&scenev1.GetSceneResponse{Scene: &scenev1.Scene{Id: "s1", Title: title}}), nil
}

type plugin struct{}

func (plugin) HandleEvent(context.Context, pluginsdk.Event) ([]pluginsdk.EmitEvent, error) {
	return nil, nil
}

func (plugin) RegisterServices(registrar pluginsdk.ServiceRegistrar) {
	registrar.Handle(scenev1connect.NewSceneServiceHandler(scenes{}))
}

func (plugin) Init(context.Context, *pluginv1.ServiceConfig) error { return nil }

func main() {
	pluginsdk.ServeWithServices(&pluginsdk.ServeConfig{Handler: plugin{}}, plugin{})
}
