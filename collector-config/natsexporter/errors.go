package natsexporter

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/collector/consumer/consumererror"
)

// ErrorKind is a stable code for why a publish failed.
type ErrorKind string

const (
	KindStreamFull            ErrorKind = "stream_full"
	KindInsufficientResources ErrorKind = "insufficient_resources"
	KindNoStream              ErrorKind = "no_stream"
	KindTimeout               ErrorKind = "timeout"
	KindDisconnected          ErrorKind = "disconnected"
	KindPayloadLimitChanged   ErrorKind = "payload_limit_changed"
	KindMessageTooLarge       ErrorKind = "message_too_large"
	KindNotPermitted          ErrorKind = "not_permitted"
	KindEncode                ErrorKind = "encode_failed"
	KindJetStream             ErrorKind = "jetstream_error"
	KindUnknown               ErrorKind = "unknown"
)

// retryable says which kinds may succeed later unchanged. The rest can never succeed for
// the same payload (or only after an operator changes the server), so they are permanent:
// exporterhelper drops them instead of retrying forever.
var retryable = map[ErrorKind]bool{
	KindStreamFull:            true,
	KindInsufficientResources: true,
	KindNoStream:              true,
	KindTimeout:               true,
	KindDisconnected:          true,
	// Our split used the old limit; a retry splits with the new one.
	KindPayloadLimitChanged: true,
	KindMessageTooLarge:     false,
	KindNotPermitted:        false,
	KindEncode:              false,
	// Other JetStream API errors (JetStream disabled, cluster without leader, …) are
	// server states that pass.
	KindJetStream: true,
	KindUnknown:   true,
}

// PublishError is a failed publish with its kind; errors.As finds it through
// consumererror wrappers.
type PublishError struct {
	Kind    ErrorKind
	Subject string
	Err     error
}

func (e *PublishError) Error() string {
	return fmt.Sprintf("nats exporter: %s publishing to %q: %v", e.Kind, e.Subject, e.Err)
}

func (e *PublishError) Unwrap() error { return e.Err }

// Retryable reports whether the same payload may be published successfully later.
func (e *PublishError) Retryable() bool { return retryable[e.Kind] }

// JetStream API error codes (nats-server errors.json) the classification names.
const (
	codeInsufficientResources = 10023 // retryable
	codeMessageTooLarge       = 10054 // over the stream's max_msg_size: permanent
	// "maximum messages/bytes exceeded" with discard new (what nats-server 2.9 answers; tested).
	codeStoreFailed = 10077
	// Treated like 10077: a store refused for the stream's limits.
	codeStreamFull = 10078
)

// classify turns an error of a publish into a PublishError, wrapped in
// consumererror.NewPermanent when no retry can help.
func classify(err error, subject string) error {
	published := &PublishError{Kind: kindOf(err), Subject: subject, Err: err}
	if published.Retryable() {
		return published
	}
	return consumererror.NewPermanent(published)
}

func kindOf(err error) ErrorKind {
	if apiErr, ok := errors.AsType[*jetstream.APIError](err); ok {
		return apiErrorKind(apiErr)
	}
	for _, rule := range errorRules {
		for _, target := range rule.errors {
			if errors.Is(err, target) {
				return rule.kind
			}
		}
	}
	if strings.Contains(strings.ToLower(err.Error()), "permissions violation") {
		return KindNotPermitted
	}
	return KindUnknown
}

var errorRules = []struct {
	kind   ErrorKind
	errors []error
}{
	{KindNoStream, []error{jetstream.ErrNoStreamResponse, nats.ErrNoResponders}},
	{KindTimeout, []error{context.DeadlineExceeded, nats.ErrTimeout}},
	{KindDisconnected, []error{
		nats.ErrConnectionClosed, nats.ErrConnectionReconnecting, nats.ErrConnectionDraining, nats.ErrReconnectBufExceeded,
		nats.ErrDisconnected, nats.ErrNoServers, nats.ErrStaleConnection, context.Canceled, errNotConnected, errNotStarted,
	}},
	{KindPayloadLimitChanged, []error{nats.ErrMaxPayload}},
	{KindNotPermitted, []error{nats.ErrPermissionViolation, nats.ErrAuthorization, nats.ErrBadSubject}},
}

func apiErrorKind(apiErr *jetstream.APIError) ErrorKind {
	description := strings.ToLower(apiErr.Description)
	switch {
	case apiErr.ErrorCode == codeMessageTooLarge:
		return KindMessageTooLarge
	case apiErr.ErrorCode == codeStoreFailed || apiErr.ErrorCode == codeStreamFull,
		strings.Contains(description, "maximum bytes exceeded"), strings.Contains(description, "maximum messages exceeded"),
		strings.Contains(description, "maximum messages per subject exceeded"):
		return KindStreamFull
	case apiErr.ErrorCode == codeInsufficientResources, strings.Contains(description, "insufficient resources"):
		return KindInsufficientResources
	default:
		return KindJetStream
	}
}
