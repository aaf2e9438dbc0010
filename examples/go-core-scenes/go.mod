module github.com/holomush/holomush-plugins/examples/go-core-scenes

go 1.26.0

require (
	connectrpc.com/connect v1.21.1
	github.com/holomush/holomush-plugins/sdks/go v0.0.0
	github.com/jackc/pgx/v5 v5.13.0
	github.com/oklog/ulid/v2 v2.1.1
)

require (
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/jackc/puddle/v2 v2.2.3 // indirect
	golang.org/x/sync v0.22.0 // indirect
	golang.org/x/text v0.41.0 // indirect
	google.golang.org/protobuf v1.36.12 // indirect
)

replace github.com/holomush/holomush-plugins/sdks/go => ../../sdks/go
