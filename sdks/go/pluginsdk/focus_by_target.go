package pluginsdk

import (
	"context"

	"connectrpc.com/connect"

	pluginv1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/plugin/v1"
)

// LeaveFocusByTarget: e.g. a closed scene leaves every session's focus.
func (c *hostClient) LeaveFocusByTarget(ctx context.Context, target FocusKey, characterID string) (int32, error) {
	reply, err := c.host.LeaveFocusByTarget(ctx, connect.NewRequest(&pluginv1.LeaveFocusByTargetRequest{
		Target: focusKey(target), CharacterId: characterID,
	}))
	if err != nil {
		return 0, toHostError(err)
	}
	return reply.Msg.GetSessionsLeft(), nil
}
