package natsexporter

import (
	"context"
	"errors"
	"fmt"

	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.uber.org/zap"
)

// sender publishes batches of one signal to one subject.
type sender[T any] struct {
	signal    signal[T]
	subject   string
	publisher *publisher
	logger    *zap.Logger
}

func newTracesSender(cfg *Config, publisher *publisher) *sender[ptrace.Traces] {
	return &sender[ptrace.Traces]{signal: tracesSignal(cfg.Encoding), subject: cfg.Subject, publisher: publisher, logger: publisher.logger}
}

func newLogsSender(cfg *Config, publisher *publisher) *sender[plog.Logs] {
	return &sender[plog.Logs]{signal: logsSignal(cfg.Encoding), subject: cfg.LogsSubject, publisher: publisher, logger: publisher.logger}
}

// push publishes a batch as one message, or as several when it exceeds the server's
// max_payload, and returns once JetStream acknowledged all of them.
//
// A retryable failure returns at once and exporterhelper retries the whole batch: the
// split is deterministic, so the parts already stored are published again with the same
// Nats-Msg-Id and JetStream acknowledges them as duplicates within its window. Items that
// can never be stored (one span larger than max_payload, a message over the stream's
// max_msg_size) are left out; once everything else is stored, they come back as one
// permanent error that says what was dropped.
func (s *sender[T]) push(ctx context.Context, batch T) error {
	parts, err := fit(batch, s.signal, s.publisher.payloadLimit())
	if err != nil {
		return consumererror.NewPermanent(&PublishError{Kind: KindEncode, Subject: s.subject, Err: err})
	}
	var dropped []error
	for _, part := range parts.parts {
		err := s.publisher.publish(ctx, s.subject, part.payload)
		if err == nil {
			continue
		}
		if !consumererror.IsPermanent(err) {
			return err
		}
		dropped = append(dropped, fmt.Errorf("%d %ss dropped: %w", s.signal.items(part.data), s.signal.itemName, err))
	}
	for _, item := range parts.tooLarge {
		dropped = append(dropped, &PublishError{
			Kind:    KindMessageTooLarge,
			Subject: s.subject,
			Err: fmt.Errorf("%d %s dropped: %d bytes encoded, more than the %d a message can carry (server max_payload less header room)",
				s.signal.items(item.data), s.signal.itemName, item.bytes, s.publisher.payloadLimit()),
		})
	}
	if len(dropped) > 0 {
		return consumererror.NewPermanent(errors.Join(dropped...))
	}
	return nil
}
