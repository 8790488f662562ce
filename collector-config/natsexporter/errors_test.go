package natsexporter

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/collector/consumer/consumererror"
)

func TestErrorsAreClassifiedByWhatARetryCanChange(t *testing.T) {
	apiError := func(status int, code jetstream.ErrorCode, description string) error {
		return fmt.Errorf("nats: %w", &jetstream.APIError{Code: status, ErrorCode: code, Description: description})
	}
	cases := []struct {
		err       error
		kind      ErrorKind
		permanent bool
	}{
		{apiError(503, 10077, "maximum messages exceeded"), KindStreamFull, false},
		{apiError(503, 10077, "maximum bytes exceeded"), KindStreamFull, false},
		{apiError(503, 10078, "stream full"), KindStreamFull, false},
		{apiError(503, 10023, "insufficient resources"), KindInsufficientResources, false},
		{apiError(503, 10076, "jetstream not enabled"), KindJetStream, false},
		{apiError(400, 10054, "message size exceeds maximum allowed"), KindMessageTooLarge, true},
		{jetstream.ErrNoStreamResponse, KindNoStream, false},
		{fmt.Errorf("publish: %w", nats.ErrNoResponders), KindNoStream, false},
		{context.DeadlineExceeded, KindTimeout, false},
		{nats.ErrTimeout, KindTimeout, false},
		{nats.ErrConnectionClosed, KindDisconnected, false},
		{nats.ErrReconnectBufExceeded, KindDisconnected, false},
		{nats.ErrMaxPayload, KindPayloadLimitChanged, false},
		{nats.ErrPermissionViolation, KindNotPermitted, true},
		{errors.New("something new"), KindUnknown, false},
	}
	for _, tc := range cases {
		t.Run(tc.err.Error(), func(t *testing.T) {
			classified := classify(tc.err, "s")
			if consumererror.IsPermanent(classified) != tc.permanent {
				t.Errorf("permanent = %v, want %v", consumererror.IsPermanent(classified), tc.permanent)
			}
			publishErr, ok := errors.AsType[*PublishError](classified)
			if !ok || publishErr.Kind != tc.kind {
				t.Errorf("kind = %v, want %s", classified, tc.kind)
			}
			if !errors.Is(classified, tc.err) {
				t.Error("the cause is not kept")
			}
		})
	}
}
