package natsexporter

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/exporter"
	"go.uber.org/zap"
)

// ProjectIDHeader carries the config's project_id on every message.
const ProjectIDHeader = "Lumina-Project-Id"

// headerRoomBytes is kept free of the server's max_payload for the headers: NATS counts
// headers and payload together ("NATS/1.0", Nats-Msg-Id with 43 characters, the project
// header; the project id is added on top).
const headerRoomBytes = 128

var (
	errNotStarted   = errors.New("the exporter has not been started")
	errNotConnected = errors.New("not connected to NATS (reconnecting in the background)")
)

// publisher owns the NATS connection of one exporter and publishes one message at a time,
// waiting for JetStream's acknowledgement.
type publisher struct {
	cfg    *Config
	id     component.ID
	logger *zap.Logger
	conn   *nats.Conn
	js     jetstream.JetStream
}

func newPublisher(cfg *Config, set exporter.Settings) *publisher {
	return &publisher{cfg: cfg, id: set.ID, logger: set.Logger}
}

func (p *publisher) start(ctx context.Context, _ component.Host) error {
	conn, err := connect(ctx, p.cfg, "lumina-otelcol-"+p.id.String(), p.logger)
	if err != nil {
		return err
	}
	js, err := jetstream.New(conn)
	if err != nil {
		conn.Close()
		return fmt.Errorf("jetstream: %w", err)
	}
	p.conn, p.js = conn, js
	return nil
}

// shutdown runs after exporterhelper has stopped sending, so nothing is in flight.
func (p *publisher) shutdown(context.Context) error {
	if p.conn != nil {
		// Our own close is no disconnection worth a warning.
		p.conn.SetDisconnectErrHandler(nil)
		p.conn.Close()
	}
	return nil
}

// payloadLimit is the largest payload one message may carry now, or 0 when the server's
// limit is not known yet (never connected: the publish will fail as disconnected).
func (p *publisher) payloadLimit() int {
	if p.conn == nil {
		return 0
	}
	maxPayload := int(p.conn.MaxPayload())
	if maxPayload == 0 {
		return 0
	}
	return maxPayload - headerRoomBytes - len(p.cfg.ProjectID)
}

// publish stores one payload in JetStream and returns once it is acknowledged; errors are
// classified (errors.go). A payload already stored within the duplicate window is acked as
// a duplicate, which counts as success.
func (p *publisher) publish(ctx context.Context, subject string, payload []byte) error {
	if p.js == nil {
		return classify(errNotStarted, subject)
	}
	// Before the first connection nats.go cannot even tell whether the server takes
	// headers; say what is really wrong.
	if !p.conn.IsConnected() {
		return classify(errNotConnected, subject)
	}
	ctx, cancel := context.WithTimeout(ctx, p.cfg.PublishTimeout)
	defer cancel()
	msg := &nats.Msg{Subject: subject, Data: payload, Header: nats.Header{}}
	msg.Header.Set(ProjectIDHeader, p.cfg.ProjectID)
	// No retries inside the publish: exporterhelper's backoff decides when to try again.
	_, err := p.js.PublishMsg(ctx, msg, jetstream.WithMsgID(MessageID(payload)), jetstream.WithRetryAttempts(0))
	if err != nil {
		return classify(err, subject)
	}
	return nil
}

// MessageID is the Nats-Msg-Id of a payload: sha256 of its bytes, base64url without padding.
func MessageID(payload []byte) string {
	sum := sha256.Sum256(payload)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
