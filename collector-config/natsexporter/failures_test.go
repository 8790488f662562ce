package natsexporter

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
)

// requireRetryable fails unless err is a retryable PublishError of the given kind.
func requireRetryable(t *testing.T, err error, kind ErrorKind) {
	t.Helper()
	if err == nil {
		t.Fatal("want an error, the export succeeded")
	}
	if consumererror.IsPermanent(err) {
		t.Fatalf("want a retryable error, got a permanent one: %v", err)
	}
	publishErr, ok := errors.AsType[*PublishError](err)
	if !ok || publishErr.Kind != kind {
		t.Fatalf("want a %s PublishError, got %v", kind, err)
	}
}

func TestAFullStreamIsRetryable(t *testing.T) {
	limits := map[string]func(*jetstream.StreamConfig){
		"maximum messages": func(c *jetstream.StreamConfig) { c.MaxMsgs = 1; c.Discard = jetstream.DiscardNew },
		"maximum bytes":    func(c *jetstream.StreamConfig) { c.MaxBytes = 4096; c.Discard = jetstream.DiscardNew },
	}
	for name, limit := range limits {
		t.Run(name, func(t *testing.T) {
			server := startServer(t, serverOptions{})
			client := newStreamClient(t, server.url())
			client.createStream(t, spansStream, spansSubject, limit)
			exp := startTraces(t, testConfig(server.url()))

			if err := exp.ConsumeTraces(context.Background(), makeTraces(batchShape{resources: 1, scopes: 1, items: 2, attrBytes: 1500, tag: "first"})); err != nil {
				t.Fatalf("the first batch fits: %v", err)
			}
			err := exp.ConsumeTraces(context.Background(), makeTraces(batchShape{resources: 1, scopes: 1, items: 2, attrBytes: 1500, tag: "second"}))
			requireRetryable(t, err, KindStreamFull)
		})
	}
}

func TestASubjectNoStreamCapturesIsRetryable(t *testing.T) {
	server := startServer(t, serverOptions{})
	exp := startTraces(t, testConfig(server.url()))
	err := exp.ConsumeTraces(context.Background(), makeTraces(batchShape{resources: 1, scopes: 1, items: 1, tag: "nostream"}))
	requireRetryable(t, err, KindNoStream)
}

// eventually retries export until it succeeds (the exporter reconnects in the background).
func eventually(t *testing.T, export func() error) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var err error
	for time.Now().Before(deadline) {
		if err = export(); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the export never succeeded; last error: %v", err)
}

func TestAServerThatGoesDownIsRetryableAndPublishingResumesWhenItIsBack(t *testing.T) {
	server := startServer(t, serverOptions{})
	client := newStreamClient(t, server.url())
	client.createStream(t, spansStream, spansSubject, nil)
	client.conn.Close()
	exp := startTraces(t, testConfig(server.url()))
	batch := makeTraces(batchShape{resources: 1, scopes: 1, items: 3, tag: "outage"})

	server.stop()
	// Until the client has noticed the dropped connection, a publish waits out its timeout
	// (retryable as well); once it has, the export fails at once as disconnected.
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := exp.ConsumeTraces(context.Background(), batch)
		if publishErr, ok := errors.AsType[*PublishError](err); ok && publishErr.Kind == KindTimeout && time.Now().Before(deadline) {
			requireRetryable(t, err, KindTimeout)
			continue
		}
		requireRetryable(t, err, KindDisconnected)
		break
	}

	server.start()
	eventually(t, func() error { return exp.ConsumeTraces(context.Background(), batch) })
	if got := len(newStreamClient(t, server.url()).messages(t, spansStream)); got != 1 {
		t.Fatalf("want the batch stored once, got %d messages", got)
	}
}

func TestTheCollectorStartsWhileNATSIsUnreachable(t *testing.T) {
	server := newServer(t, serverOptions{})
	exp := startTraces(t, testConfig(server.url()))
	batch := makeTraces(batchShape{resources: 1, scopes: 1, items: 2, tag: "late"})
	requireRetryable(t, exp.ConsumeTraces(context.Background(), batch), KindDisconnected)

	server.start()
	newStreamClient(t, server.url()).createStream(t, spansStream, spansSubject, nil)
	eventually(t, func() error { return exp.ConsumeTraces(context.Background(), batch) })
}

func TestTheSendingQueueDeliversWhatArrivedDuringAnOutage(t *testing.T) {
	server := startServer(t, serverOptions{})
	newStreamClient(t, server.url()).createStream(t, spansStream, spansSubject, nil)
	cfg := testConfig(server.url())
	cfg.QueueConfig = configoptional.Some(exporterhelper.NewDefaultQueueConfig())
	cfg.RetryConfig.Enabled = true
	cfg.RetryConfig.InitialInterval = 100 * time.Millisecond
	cfg.RetryConfig.MaxInterval = 500 * time.Millisecond
	cfg.RetryConfig.MaxElapsedTime = 0
	exp := startTraces(t, cfg)

	server.stop()
	for i := 0; i < 3; i++ {
		batch := makeTraces(batchShape{resources: 1, scopes: 1, items: 2, tag: string(rune('a' + i))})
		if err := exp.ConsumeTraces(context.Background(), batch); err != nil {
			t.Fatalf("the queue takes batches while NATS is down: %v", err)
		}
	}
	server.start()

	client := newStreamClient(t, server.url())
	deadline := time.Now().Add(20 * time.Second)
	for len(client.messages(t, spansStream)) < 3 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if got := len(client.messages(t, spansStream)); got != 3 {
		t.Fatalf("want the 3 queued batches stored, got %d", got)
	}
}

func TestAMessageOverTheStreamsMaxMessageSizeIsPermanent(t *testing.T) {
	server := startServer(t, serverOptions{})
	client := newStreamClient(t, server.url())
	client.createStream(t, spansStream, spansSubject, func(c *jetstream.StreamConfig) { c.MaxMsgSize = 2048 })
	exp := startTraces(t, testConfig(server.url()))

	err := exp.ConsumeTraces(context.Background(), makeTraces(batchShape{resources: 1, scopes: 1, items: 1, attrBytes: 4096, tag: "big"}))
	if !consumererror.IsPermanent(err) {
		t.Fatalf("want a permanent error, got %v", err)
	}
	if publishErr, ok := errors.AsType[*PublishError](err); !ok || publishErr.Kind != KindMessageTooLarge {
		t.Fatalf("want a %s PublishError, got %v", KindMessageTooLarge, err)
	}
}
