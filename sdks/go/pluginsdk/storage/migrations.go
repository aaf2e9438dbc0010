package storage

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
)

// MigrationFilePattern is NNNNNN_name.up.sql (or .down.sql, never run).
var MigrationFilePattern = regexp.MustCompile(`^(\d{6})_([A-Za-z0-9_-]+)\.(up|down)\.sql$`)

// Migration is one up migration file.
type Migration struct {
	Version int64
	Name    string
	File    string
}

// Report lists what a run applied and what was already recorded.
type Report struct {
	Applied []string
	Skipped []string
}

const lockKey = "hashtext(current_schema() || '.plugin_migrations')"

// RunMigrations applies the `migrations/` directory of an embedded FS
// (`//go:embed migrations/*.sql`).
func RunMigrations(ctx context.Context, pool *pgxpool.Pool, migrations embed.FS) (*Report, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, &Error{Code: CodeMigrationsUnreadable, Message: err.Error(), File: "migrations", cause: err}
	}
	return RunMigrationsFS(ctx, pool, sub)
}

// ReadMigrations lists the up migrations of fsys's root in version order.
// A misnamed .sql file is refused, so it cannot be silently skipped.
func ReadMigrations(fsys fs.FS) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, &Error{Code: CodeMigrationsUnreadable, Message: "cannot read migrations: " + err.Error(), cause: err}
	}
	byVersion := map[int64]Migration{}
	for _, entry := range entries {
		name := entry.Name()
		if entry.IsDir() || !strings.HasSuffix(strings.ToLower(name), ".sql") {
			continue
		}
		match := MigrationFilePattern.FindStringSubmatch(name)
		if match == nil {
			return nil, &Error{Code: CodeMigrationNameInvalid, File: name, Message: fmt.Sprintf(
				"migration file %s is badly named: expected NNNNNN_name.up.sql (or .down.sql), e.g. 000001_create_scenes.up.sql", name)}
		}
		if match[3] == "down" {
			continue
		}
		version, _ := strconv.ParseInt(match[1], 10, 64)
		if clash, ok := byVersion[version]; ok {
			return nil, &Error{Code: CodeMigrationVersionDup, File: name,
				Message: fmt.Sprintf("migrations %s and %s share version %s", clash.File, name, match[1])}
		}
		byVersion[version] = Migration{Version: version, Name: match[2], File: name}
	}
	out := make([]Migration, 0, len(byVersion))
	for _, m := range byVersion {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// RunMigrationsFS applies the up migrations at fsys's root in order, each in
// its own transaction, under an advisory lock (two instances never race).
func RunMigrationsFS(ctx context.Context, pool *pgxpool.Pool, fsys fs.FS) (*Report, error) {
	migrations, err := ReadMigrations(fsys)
	if err != nil {
		return nil, err
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return nil, &Error{Code: CodeStorageUnavailable, Message: err.Error(), cause: err}
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock("+lockKey+")"); err != nil {
		return nil, &Error{Code: CodeStorageUnavailable, Message: err.Error(), cause: err}
	}
	defer func() { _, _ = conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock("+lockKey+")") }()
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS plugin_migrations (
		version    bigint      PRIMARY KEY,
		name       text        NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return nil, &Error{Code: CodeMigrationFailed, Message: "cannot create plugin_migrations: " + err.Error(), cause: err}
	}
	report := &Report{}
	for _, m := range migrations {
		sql, err := fs.ReadFile(fsys, m.File)
		if err != nil {
			return report, &Error{Code: CodeMigrationsUnreadable, File: m.File, Message: err.Error(), cause: err}
		}
		applied, err := applyOne(ctx, conn, m, string(sql))
		if err != nil {
			return report, &Error{Code: CodeMigrationFailed, File: m.File,
				Message: fmt.Sprintf("migration %s failed and was rolled back: %v", m.File, err), cause: err}
		}
		if applied {
			report.Applied = append(report.Applied, m.File)
		} else {
			report.Skipped = append(report.Skipped, m.File)
		}
	}
	return report, nil
}

func applyOne(ctx context.Context, conn *pgxpool.Conn, m Migration, sql string) (applied bool, err error) {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return false, err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, ignoreClosed(tx.Rollback(context.WithoutCancel(ctx))))
		}
	}()
	var exists bool
	if err = tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM plugin_migrations WHERE version = $1)", m.Version).Scan(&exists); err != nil {
		return false, err
	}
	if exists {
		return false, tx.Commit(ctx)
	}
	if _, err = tx.Exec(ctx, sql); err != nil {
		return false, err
	}
	if _, err = tx.Exec(ctx, "INSERT INTO plugin_migrations (version, name) VALUES ($1, $2)", m.Version, m.Name); err != nil {
		return false, err
	}
	return true, tx.Commit(ctx)
}

func ignoreClosed(err error) error {
	if err == nil || strings.Contains(err.Error(), "tx is closed") {
		return nil
	}
	return err
}
