package main

import (
	"context"
	"strings"
	"testing"

	pluginv1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/plugin/v1"
)

// Init refuses, before touching anything, a config it cannot work with; the
// host logs the message as PLUGIN_INIT_FAILED (as the TypeScript plugin's).
func TestInitRefusesAConfigWithoutADatabaseOrWorldService(t *testing.T) {
	cases := map[string]struct {
		config *pluginv1.ServiceConfig
		want   string
	}{
		"no connection string": {&pluginv1.ServiceConfig{PluginName: "core-scenes"},
			"core-scenes: Init carried no connection string; plugin.yaml declares storage: postgres"},
		"no WorldService": {&pluginv1.ServiceConfig{ConnectionString: "postgres://u@127.0.0.1:1/db"},
			"core-scenes: Init carried no broker address for holomush.world.v1.WorldService"},
		"a bad broker address": {&pluginv1.ServiceConfig{ConnectionString: "postgres://u@127.0.0.1:1/db",
			RequiredServices: map[string]string{"holomush.world.v1.WorldService": "tcp:1"}},
			"core-scenes: BROKER_ADDRESS_INVALID"},
	}
	for name, c := range cases {
		p := &plugin{}
		err := p.Init(context.Background(), c.config)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: Init = %v; want %q…", name, err, c.want)
		}
		if _, notReady := p.ready(); notReady == nil {
			t.Errorf("%s: a refused Init left the plugin ready", name)
		}
	}
}
