package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jackc/pgx/v5"
)

func TestParseSchemaFromConnString(t *testing.T) {
	cases := map[string]string{
		"postgres://u@h/db?options=-c%20search_path%3Dplugin_core_scenes": "plugin_core_scenes",
		"postgresql://u@h/db?options=-c+search_path=plugin_a,public":      "plugin_a",
		"postgres://u@h/db": "",
	}
	for conn, want := range cases {
		got, err := ParseSchemaFromConnString(conn)
		if err != nil || got != want {
			t.Errorf("%s: got %q, %v; want %q", conn, got, err, want)
		}
	}
	for _, bad := range []string{"", "mysql://u@h/db", "postgres://u@h/db?options=-c%20search_path%3Dx;drop"} {
		_, err := ParseSchemaFromConnString(bad)
		var storageErr *Error
		if !errors.As(err, &storageErr) || storageErr.Code != CodeConnectionStringInvalid {
			t.Errorf("%q: err = %v, want %s", bad, err, CodeConnectionStringInvalid)
		}
	}
}

func TestReadMigrationsRefusesMisnamedAndDuplicateFiles(t *testing.T) {
	_, err := ReadMigrations(fstest.MapFS{"1_init.up.sql": {Data: []byte("")}})
	if storageErr := (*Error)(nil); !errors.As(err, &storageErr) || storageErr.Code != CodeMigrationNameInvalid || storageErr.File != "1_init.up.sql" {
		t.Fatalf("misnamed: %v", err)
	}
	_, err = ReadMigrations(fstest.MapFS{"000001_a.up.sql": {}, "000001_b.up.sql": {}})
	if storageErr := (*Error)(nil); !errors.As(err, &storageErr) || storageErr.Code != CodeMigrationVersionDup {
		t.Fatalf("duplicate: %v", err)
	}
	got, err := ReadMigrations(fstest.MapFS{"000002_b.up.sql": {}, "000001_a.up.sql": {}, "000001_a.down.sql": {}, "README.md": {}})
	if err != nil || len(got) != 2 || got[0].Name != "a" || got[1].Version != 2 {
		t.Fatalf("got %v, %v", got, err)
	}
}

// A real PostgreSQL (HOLOMUSH_TEST_DATABASE_URL, default the local one):
// a fresh schema, migrations applied once, skipped the second time, and a
// failing migration rolled back without a record.
func TestRunMigrationsOnRealPostgres(t *testing.T) {
	base := os.Getenv("HOLOMUSH_TEST_DATABASE_URL")
	if base == "" {
		base = "postgres://postgres@127.0.0.1:5432/postgres"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		// CI never skips (scripts/check-go-sdk.sh runs under with-test-services there).
		if os.Getenv("CI") == "true" {
			t.Fatalf("no PostgreSQL at %s: %v", base, err)
		}
		t.Skipf("no PostgreSQL at %s: %v", base, err)
	}
	defer admin.Close(context.Background())
	schema := fmt.Sprintf("plugin_go_sdk_test_%d", time.Now().UnixNano())
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	defer func() { _, _ = admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE") }()

	pool, err := Connect(ctx, base+"?options=-c%20search_path%3D"+schema)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	migrations := fstest.MapFS{
		"000001_create_scenes.up.sql": {Data: []byte("CREATE TABLE IF NOT EXISTS scenes (id text PRIMARY KEY, title text NOT NULL);")},
		"000002_seed.up.sql":          {Data: []byte("INSERT INTO scenes VALUES ('s1', 'First'); INSERT INTO scenes VALUES ('s2', 'Second');")},
		"000002_seed.down.sql":        {Data: []byte("DELETE FROM scenes;")},
	}
	report, err := RunMigrationsFS(ctx, pool, migrations)
	if err != nil || len(report.Applied) != 2 || len(report.Skipped) != 0 {
		t.Fatalf("first run: %+v, %v", report, err)
	}
	var count int
	// Unqualified: the table landed in the plugin's schema.
	if err := admin.QueryRow(ctx, "SELECT count(*) FROM "+schema+".scenes").Scan(&count); err != nil || count != 2 {
		t.Fatalf("scenes in %s: %d, %v", schema, count, err)
	}
	report, err = RunMigrationsFS(ctx, pool, migrations)
	if err != nil || len(report.Applied) != 0 || len(report.Skipped) != 2 {
		t.Fatalf("second run: %+v, %v", report, err)
	}
	migrations["000003_broken.up.sql"] = &fstest.MapFile{Data: []byte("INSERT INTO scenes VALUES ('s3', 'Third'); SELECT no_such_function();")}
	_, err = RunMigrationsFS(ctx, pool, migrations)
	if storageErr := (*Error)(nil); !errors.As(err, &storageErr) || storageErr.Code != CodeMigrationFailed || storageErr.File != "000003_broken.up.sql" {
		t.Fatalf("broken migration: %v", err)
	}
	if err := admin.QueryRow(ctx, "SELECT count(*) FROM "+schema+".scenes").Scan(&count); err != nil || count != 2 {
		t.Fatalf("the broken migration's insert was not rolled back: %d rows", count)
	}
	if err := admin.QueryRow(ctx, "SELECT count(*) FROM "+schema+".plugin_migrations").Scan(&count); err != nil || count != 2 {
		t.Fatalf("plugin_migrations has %d rows, want 2", count)
	}
}
