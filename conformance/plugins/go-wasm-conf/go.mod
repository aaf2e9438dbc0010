module github.com/holomush/holomush-plugins/conformance/plugins/go-wasm-conf

go 1.26.0
