package main

import (
	"context"

	"connectrpc.com/connect"

	worldv1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/world/v1"
	"github.com/holomush/holomush-plugins/sdks/go/gen/holomush/world/v1/worldv1connect"
)

// WorldNames gives location names for command output, from the host's
// WorldService (a required service, reached through the host's broker). A
// failed lookup falls back to the id: a listing should not fail because one
// location vanished from the world.
type WorldNames struct {
	world worldv1connect.WorldServiceClient
}

// LocationName is the location's name, or its id when it has none.
func (w WorldNames) LocationName(ctx context.Context, locationID string) string {
	reply, err := w.world.GetLocation(ctx, connect.NewRequest(&worldv1.GetLocationRequest{LocationId: locationID}))
	if err != nil || reply.Msg.GetLocation().GetName() == "" {
		return locationID
	}
	return reply.Msg.GetLocation().GetName()
}

// LocationNames looks each distinct id up once.
func (w WorldNames) LocationNames(ctx context.Context, locationIDs []string) map[string]string {
	names := map[string]string{}
	for _, id := range locationIDs {
		if _, done := names[id]; !done {
			names[id] = w.LocationName(ctx, id)
		}
	}
	return names
}
