package natsexporter

import (
	"context"
	"testing"

	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/plog/plogotlp"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
)

const (
	spansStream  = "LUMINA_SPANS"
	spansSubject = "lumina.spans.otlp"
	logsStream   = "LUMINA_LOGS"
	logsSubject  = "lumina.logs.otlp"
)

func decodeTraces(t *testing.T, encoding Encoding, data []byte) ptrace.Traces {
	t.Helper()
	request := ptraceotlp.NewExportRequest()
	var err error
	if encoding == EncodingJSON {
		err = request.UnmarshalJSON(data)
	} else {
		err = request.UnmarshalProto(data)
	}
	if err != nil {
		t.Fatalf("message is not an %s ExportTraceServiceRequest: %v", encoding, err)
	}
	return request.Traces()
}

func decodeLogs(t *testing.T, encoding Encoding, data []byte) plog.Logs {
	t.Helper()
	request := plogotlp.NewExportRequest()
	var err error
	if encoding == EncodingJSON {
		err = request.UnmarshalJSON(data)
	} else {
		err = request.UnmarshalProto(data)
	}
	if err != nil {
		t.Fatalf("message is not an %s ExportLogsServiceRequest: %v", encoding, err)
	}
	return request.Logs()
}

func TestTracesAreStoredInJetStreamAsOneOTLPRequestWithHeaders(t *testing.T) {
	for _, encoding := range []Encoding{EncodingProto, EncodingJSON} {
		t.Run(string(encoding), func(t *testing.T) {
			server := startServer(t, serverOptions{})
			client := newStreamClient(t, server.url())
			client.createStream(t, spansStream, spansSubject, nil)
			cfg := testConfig(server.url())
			cfg.Encoding = encoding
			cfg.ProjectID = "checkout-prod"
			exp := startTraces(t, cfg)

			sent := makeTraces(batchShape{resources: 2, scopes: 2, items: 3, attrBytes: 50, tag: "proto"})
			if err := exp.ConsumeTraces(context.Background(), sent); err != nil {
				t.Fatalf("export: %v", err)
			}

			messages := client.messages(t, spansStream)
			if len(messages) != 1 {
				t.Fatalf("want 1 message, got %d", len(messages))
			}
			msg := messages[0]
			if got := tracesJSON(t, decodeTraces(t, encoding, msg.Data)); got != tracesJSON(t, sent) {
				t.Errorf("stored traces differ from sent:\n got %s\nwant %s", got, tracesJSON(t, sent))
			}
			if got := msg.Header.Get("Nats-Msg-Id"); got != MessageID(msg.Data) || len(got) != 43 {
				t.Errorf("Nats-Msg-Id = %q, want sha256 base64url of the payload %q", got, MessageID(msg.Data))
			}
			if got := msg.Header.Get(ProjectIDHeader); got != "checkout-prod" {
				t.Errorf("%s = %q", ProjectIDHeader, got)
			}
		})
	}
}

func TestLogsAreStoredOnTheLogsSubject(t *testing.T) {
	for _, encoding := range []Encoding{EncodingProto, EncodingJSON} {
		t.Run(string(encoding), func(t *testing.T) {
			server := startServer(t, serverOptions{})
			client := newStreamClient(t, server.url())
			client.createStream(t, spansStream, spansSubject, nil)
			client.createStream(t, logsStream, logsSubject, nil)
			cfg := testConfig(server.url())
			cfg.Encoding = encoding
			exp := startLogs(t, cfg)

			sent := makeLogs(batchShape{resources: 2, scopes: 1, items: 4, attrBytes: 30, tag: "logs"})
			if err := exp.ConsumeLogs(context.Background(), sent); err != nil {
				t.Fatalf("export: %v", err)
			}

			messages := client.messages(t, logsStream)
			if len(messages) != 1 {
				t.Fatalf("want 1 message on %s, got %d", logsSubject, len(messages))
			}
			if got := logsJSON(t, decodeLogs(t, encoding, messages[0].Data)); got != logsJSON(t, sent) {
				t.Errorf("stored logs differ from sent:\n got %s\nwant %s", got, logsJSON(t, sent))
			}
			if got := messages[0].Header.Get(ProjectIDHeader); got != DefaultProjectID {
				t.Errorf("%s = %q, want the default", ProjectIDHeader, got)
			}
			if spans := client.messages(t, spansStream); len(spans) != 0 {
				t.Errorf("logs leaked onto the spans subject: %d messages", len(spans))
			}
		})
	}
}

func TestABatchExportedTwiceIsStoredOnce(t *testing.T) {
	server := startServer(t, serverOptions{})
	client := newStreamClient(t, server.url())
	client.createStream(t, spansStream, spansSubject, nil)
	exp := startTraces(t, testConfig(server.url()))

	batch := makeTraces(batchShape{resources: 1, scopes: 1, items: 5, attrBytes: 10, tag: "again"})
	other := makeTraces(batchShape{resources: 1, scopes: 1, items: 5, attrBytes: 10, tag: "other"})
	for _, td := range []ptrace.Traces{batch, batch, other, batch} {
		if err := exp.ConsumeTraces(context.Background(), td); err != nil {
			t.Fatalf("export: %v", err)
		}
	}
	if got := len(client.messages(t, spansStream)); got != 2 {
		t.Fatalf("want 2 messages (the batch once, the other batch once), got %d", got)
	}
}
