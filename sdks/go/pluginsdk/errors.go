package pluginsdk

import (
	"errors"
	"fmt"
	"strings"

	"connectrpc.com/connect"

	pluginv1 "github.com/holomush/holomush-plugins/sdks/go/gen/holomush/plugin/v1"
)

// The codes themselves (ErrorCode, the Code* and Status* constants, the
// FocusClient codes among them) are generated from @holomush/proto into
// error_codes.gen.go by scripts/generate-sdk-codes.mjs.

// HostError is a failed call into the host, carrying the host's stable code
// (ErrorDetail.code, e.g. EMIT_NAMESPACE_UNDECLARED). Inspect it with
// errors.As or HasCode; never parse the message.
type HostError struct {
	// Code is the stable upper-snake-case code: one of the Code* constants, or
	// a Status* name when the host attached no ErrorDetail.
	Code ErrorCode
	// Message explains it.
	Message string
	// ConnectCode is the call's Connect status.
	ConnectCode connect.Code
	// Details is the ErrorDetail metadata (plugin, field, limit...).
	Details map[string]string
	cause   error
}

func (e *HostError) Error() string { return string(e.Code) + ": " + e.Message }
func (e *HostError) Unwrap() error { return e.cause }

// HasCode reports whether err is a HostError with this code.
func HasCode(err error, code ErrorCode) bool {
	var hostErr *HostError
	return errors.As(err, &hostErr) && hostErr.Code == code
}

// toHostError normalizes what a host call returned into a *HostError.
func toHostError(err error) error {
	if err == nil {
		return nil
	}
	var hostErr *HostError
	if errors.As(err, &hostErr) {
		return err
	}
	connectErr := new(connect.Error)
	if !errors.As(err, &connectErr) {
		return &HostError{Code: StatusUnavailable, Message: err.Error(), ConnectCode: connect.CodeUnavailable, cause: err}
	}
	out := &HostError{
		Code:        ErrorCode(strings.ToUpper(connectErr.Code().String())),
		Message:     connectErr.Message(),
		ConnectCode: connectErr.Code(),
		Details:     map[string]string{},
		cause:       err,
	}
	for _, detail := range connectErr.Details() {
		value, decodeErr := detail.Value()
		if decodeErr != nil {
			continue
		}
		if errDetail, ok := value.(*pluginv1.ErrorDetail); ok && errDetail.GetCode() != "" {
			out.Code = ErrorCode(errDetail.GetCode())
			if errDetail.GetMessage() != "" {
				out.Message = errDetail.GetMessage()
			}
			for k, v := range errDetail.GetMetadata() {
				out.Details[k] = v
			}
			break
		}
	}
	return out
}

// SDKError is a mistake the SDK catches in the plugin's own process (a bad
// broker address, an output too long).
type SDKError struct {
	Code    string
	Message string
}

func (e *SDKError) Error() string { return e.Code + ": " + e.Message }

func sdkErrorf(code, format string, args ...any) error {
	return &SDKError{Code: code, Message: fmt.Sprintf(format, args...)}
}
