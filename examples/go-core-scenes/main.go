// core-scenes in Go: the TypeScript examples/core-scenes ported to sdks/go,
// a drop-in replacement (same plugin name, schema, migrations, commands and
// outputs). Role-play scenes live in the plugin's own database (storage:
// postgres, migrated with storage.RunMigrationsFS), are offered to other
// plugins as holomush.scene.v1.SceneService through the host's broker, and
// are played with `scene` and `scenes`, whose focus goes through FocusClient.
package main

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync/atomic"

	"connectrpc.com/connect"
	"github.com/jackc/pgx/v5/pgxpool"

	pluginv1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/plugin/v1"
	"github.com/holomush/holomush-plugins/sdks/go/gen/holomush/scene/v1/scenev1connect"
	"github.com/holomush/holomush-plugins/sdks/go/gen/holomush/world/v1/worldv1connect"
	"github.com/holomush/holomush-plugins/sdks/go/pluginsdk"
	"github.com/holomush/holomush-plugins/sdks/go/pluginsdk/storage"
)

//go:embed migrations/*.sql
var embedded embed.FS

// Commands are the commands core-scenes claims (plugin/plugin.yaml declares them).
var Commands = []string{"scene", "scenes"}

// plugin wires Init's connection string, broker and focus client to the
// commands and SceneService. SceneService is registered before Init (the
// hello lists it), so every entry point reads the dependencies through ready().
type plugin struct {
	focus  pluginsdk.FocusClient
	broker *pluginsdk.Broker
	pool   *pgxpool.Pool
	deps   atomic.Pointer[commandDeps]
}

func (p *plugin) SetFocusClient(client pluginsdk.FocusClient) { p.focus = client }
func (p *plugin) SetBroker(broker *pluginsdk.Broker)          { p.broker = broker }

func (p *plugin) ready() (*commandDeps, error) {
	deps := p.deps.Load()
	if deps == nil {
		return nil, connect.NewError(connect.CodeUnavailable, fmt.Errorf("core-scenes is not initialized yet"))
	}
	return deps, nil
}

func (p *plugin) RegisterServices(registrar pluginsdk.ServiceRegistrar) {
	registrar.Handle(scenev1connect.NewSceneServiceHandler(sceneService{scenes: func() (*Scenes, error) {
		deps, err := p.ready()
		if err != nil {
			return nil, err
		}
		return deps.scenes, nil
	}}))
}

// initError is how Init refuses: the host logs it as PLUGIN_INIT_FAILED.
func initError(format string, args ...any) error {
	return fmt.Errorf("core-scenes: "+format, args...)
}

func (p *plugin) Init(ctx context.Context, config *pluginv1.ServiceConfig) error {
	connString := config.GetConnectionString()
	if connString == "" {
		return initError("Init carried no connection string; plugin.yaml declares storage: postgres, so the host must provision a database (give it a data directory or a PostgreSQL URL)")
	}
	services, err := pluginsdk.ParseBrokerServices(config.GetRequiredServices())
	if err != nil {
		return initError("%v", err)
	}
	worldID, ok := services[worldv1connect.WorldServiceName]
	if !ok {
		return initError("Init carried no broker address for %s", worldv1connect.WorldServiceName)
	}
	pool, err := storage.Connect(ctx, connString)
	if err != nil {
		return initError("cannot reach the scenes database: %v", err)
	}
	migrations, err := fs.Sub(embedded, "migrations")
	if err != nil {
		pool.Close()
		return initError("%v", err)
	}
	report, err := storage.RunMigrationsFS(ctx, pool, migrations)
	if err != nil {
		pool.Close()
		return initError("cannot prepare the scenes database: %v", err)
	}
	// stderr is a host log line: which migrations this start applied (none on a restart).
	fmt.Fprintf(os.Stderr, "core-scenes: migrations applied [%s], already applied [%s]\n",
		strings.Join(report.Applied, " "), strings.Join(report.Skipped, " "))
	p.pool = pool
	p.deps.Store(&commandDeps{
		scenes: &Scenes{store: &SceneStore{db: pool}},
		focus:  p.focus,
		world:  WorldNames{world: pluginsdk.DialService(p.broker, worldID, worldv1connect.NewWorldServiceClient)},
	})
	return nil
}

// HandleEvent: core-scenes subscribes to no events.
func (p *plugin) HandleEvent(context.Context, pluginsdk.Event) ([]pluginsdk.EmitEvent, error) {
	return nil, nil
}

func (p *plugin) HandleCommand(ctx context.Context, req pluginsdk.CommandRequest) (*pluginsdk.CommandResponse, error) {
	deps, err := p.ready()
	if err != nil {
		return nil, err
	}
	return handleSceneCommand(ctx, req, deps)
}

func (p *plugin) Shutdown(context.Context, string) error {
	if p.pool != nil {
		p.pool.Close()
	}
	return nil
}

func main() {
	p := &plugin{}
	pluginsdk.ServeWithServices(&pluginsdk.ServeConfig{Handler: p, Commands: Commands}, p)
}
