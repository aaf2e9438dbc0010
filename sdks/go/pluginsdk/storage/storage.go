// Package storage is the database side of `storage: postgres` plugins:
// Connect opens a pgx pool on the connection string the host passes in
// ServiceConfig (the plugin's own role, `options=-c search_path=plugin_<name>`),
// and RunMigrations/RunMigrationsFS apply NNNNNN_name.up.sql files, each in
// its own transaction, recorded in plugin_migrations.
package storage

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Error codes of *Error.
const (
	CodeConnectionStringInvalid = "CONNECTION_STRING_INVALID"
	CodeMigrationsUnreadable    = "MIGRATIONS_UNREADABLE"
	CodeMigrationNameInvalid    = "MIGRATION_NAME_INVALID"
	CodeMigrationVersionDup     = "MIGRATION_VERSION_DUPLICATE"
	CodeMigrationFailed         = "MIGRATION_FAILED"
	CodeStorageUnavailable      = "STORAGE_UNAVAILABLE"
)

// Error is a coded storage failure naming the file where there is one.
type Error struct {
	Code    string
	Message string
	File    string
	cause   error
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }
func (e *Error) Unwrap() error { return e.cause }

var searchPathOption = regexp.MustCompile(`(?:^|\s)-c\s*search_path=(\S+)`)
var schemaList = regexp.MustCompile(`^[a-z_][a-z0-9_$]*(,[a-z_][a-z0-9_$]*)*$`)

// ParseSchemaFromConnString returns the schema named by the connection
// string's `options=-c search_path=<schema>` ("" when none is set).
func ParseSchemaFromConnString(connString string) (string, error) {
	path, err := searchPathOf(connString)
	if err != nil || path == "" {
		return "", err
	}
	schema, _, _ := strings.Cut(path, ",")
	return schema, nil
}

func searchPathOf(connString string) (string, error) {
	parsed, err := url.Parse(connString)
	if err != nil || connString == "" {
		return "", &Error{Code: CodeConnectionStringInvalid, Message: "connection string must be a postgres:// URL", cause: err}
	}
	if parsed.Scheme != "postgres" && parsed.Scheme != "postgresql" {
		return "", &Error{Code: CodeConnectionStringInvalid,
			Message: fmt.Sprintf("connection string must use postgres:// or postgresql://, not %s://", parsed.Scheme)}
	}
	query, err := url.ParseQuery(parsed.RawQuery)
	if err != nil {
		return "", &Error{Code: CodeConnectionStringInvalid, Message: "connection string query is malformed: " + err.Error(), cause: err}
	}
	match := searchPathOption.FindStringSubmatch(query.Get("options"))
	if match == nil {
		return "", nil
	}
	if !schemaList.MatchString(match[1]) {
		return "", &Error{Code: CodeConnectionStringInvalid,
			Message: fmt.Sprintf("search_path %q in the connection string is not a list of plain schema names", match[1])}
	}
	return match[1], nil
}

// Connect opens a pool on the plugin's database. The search_path from the
// connection string is also SET on every new connection: the host's embedded
// engine ignores startup options, and unqualified table names must land in
// the plugin's schema on both engines.
func Connect(ctx context.Context, connString string) (*pgxpool.Pool, error) {
	path, err := searchPathOf(connString)
	if err != nil {
		return nil, err
	}
	config, err := pgxpool.ParseConfig(connString)
	if err != nil {
		return nil, &Error{Code: CodeConnectionStringInvalid, Message: err.Error(), cause: err}
	}
	if path != "" {
		config.AfterConnect = func(ctx context.Context, conn *pgx.Conn) error {
			_, err := conn.Exec(ctx, "SET search_path TO "+path) // checked above: plain identifiers only
			return err
		}
	}
	pool, err := pgxpool.NewWithConfig(ctx, config)
	if err != nil {
		return nil, &Error{Code: CodeStorageUnavailable, Message: err.Error(), cause: err}
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, &Error{Code: CodeStorageUnavailable, Message: "cannot reach the database: " + err.Error(), cause: err}
	}
	return pool, nil
}
