// go-notes: a Go plugin on its own PostgreSQL schema through
// pluginsdk/storage (Connect + RunMigrations from an embedded directory),
// for go-echo's storage test.
package main

import (
	"context"
	"embed"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	pluginv1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/plugin/v1"
	"github.com/holomush/holomush-plugins/sdks/go/pluginsdk"
	"github.com/holomush/holomush-plugins/sdks/go/pluginsdk/storage"
)

//go:embed migrations/*.sql
var migrations embed.FS

type plugin struct {
	pool   *pgxpool.Pool
	schema string
}

func (p *plugin) HandleEvent(context.Context, pluginsdk.Event) ([]pluginsdk.EmitEvent, error) {
	return nil, nil
}

func (p *plugin) RegisterServices(pluginsdk.ServiceRegistrar) {}

func (p *plugin) Init(ctx context.Context, config *pluginv1.ServiceConfig) error {
	connString := config.GetConnectionString()
	if connString == "" {
		return errors.New("connection_string is required (storage: postgres)")
	}
	schema, err := storage.ParseSchemaFromConnString(connString)
	if err != nil {
		return err
	}
	pool, err := storage.Connect(ctx, connString)
	if err != nil {
		return err
	}
	if _, err := storage.RunMigrations(ctx, pool, migrations); err != nil {
		pool.Close()
		return err
	}
	p.pool, p.schema = pool, schema
	return nil
}

func (p *plugin) HandleCommand(ctx context.Context, req pluginsdk.CommandRequest) (*pluginsdk.CommandResponse, error) {
	action, text, _ := strings.Cut(strings.TrimSpace(req.Args), " ")
	switch action {
	case "add":
		if _, err := p.pool.Exec(ctx, "INSERT INTO notes (body) VALUES ($1)", text); err != nil {
			return pluginsdk.Failuref("%v", err), nil
		}
		return pluginsdk.OK("noted"), nil
	case "list":
		rows, err := p.pool.Query(ctx, "SELECT body FROM notes ORDER BY id")
		if err != nil {
			return pluginsdk.Failuref("%v", err), nil
		}
		defer rows.Close()
		var bodies []string
		for rows.Next() {
			var body string
			if err := rows.Scan(&body); err != nil {
				return pluginsdk.Failuref("%v", err), nil
			}
			bodies = append(bodies, body)
		}
		return pluginsdk.OK(strings.Join(bodies, "|")), nil
	case "schema":
		var current string
		if err := p.pool.QueryRow(ctx, "SELECT current_schema()").Scan(&current); err != nil {
			return pluginsdk.Failuref("%v", err), nil
		}
		return pluginsdk.OK(p.schema + " " + current), nil
	}
	return pluginsdk.Errorf("usage: gonote add <text> | gonote list | gonote schema"), nil
}

func main() {
	p := &plugin{}
	pluginsdk.ServeWithServices(&pluginsdk.ServeConfig{Handler: p, Commands: []string{"gonote"}}, p)
}
