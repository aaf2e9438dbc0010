module github.com/holomush/holomush-plugins/examples/go-echo

go 1.26.0

require (
	connectrpc.com/connect v1.21.1
	github.com/holomush/holomush-plugins/sdks/go v0.0.0
)

require google.golang.org/protobuf v1.36.12 // indirect

replace github.com/holomush/holomush-plugins/sdks/go => ../../sdks/go
