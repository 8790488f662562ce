package natsexporter

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
	"go.opentelemetry.io/collector/exporter/exportertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// batchShape describes a batch: resources × scopes × items, each item with a string
// attribute of attrBytes.
type batchShape struct {
	resources, scopes, items, attrBytes int
	tag                                 string
}

func makeTraces(shape batchShape) ptrace.Traces {
	td := ptrace.NewTraces()
	serial := 0
	for r := 0; r < shape.resources; r++ {
		resource := td.ResourceSpans().AppendEmpty()
		resource.Resource().Attributes().PutStr("service.name", fmt.Sprintf("service-%d", r))
		for s := 0; s < shape.scopes; s++ {
			scope := resource.ScopeSpans().AppendEmpty()
			scope.Scope().SetName(fmt.Sprintf("scope-%d", s))
			for i := 0; i < shape.items; i++ {
				serial++
				span := scope.Spans().AppendEmpty()
				span.SetTraceID(pcommon.TraceID{byte(r + 1), 0xAA, byte(len(shape.tag))})
				span.SetSpanID(pcommon.SpanID{byte(serial >> 16), byte(serial >> 8), byte(serial), 1})
				span.SetName(fmt.Sprintf("%s span %d", shape.tag, serial))
				span.SetStartTimestamp(pcommon.NewTimestampFromTime(time.Unix(1_700_000_000, 0)))
				span.SetEndTimestamp(pcommon.NewTimestampFromTime(time.Unix(1_700_000_001, 0)))
				span.Attributes().PutStr("gen_ai.prompt", strings.Repeat("p", shape.attrBytes))
			}
		}
	}
	return td
}

func makeLogs(shape batchShape) plog.Logs {
	ld := plog.NewLogs()
	serial := 0
	for r := 0; r < shape.resources; r++ {
		resource := ld.ResourceLogs().AppendEmpty()
		resource.Resource().Attributes().PutStr("service.name", fmt.Sprintf("service-%d", r))
		for s := 0; s < shape.scopes; s++ {
			scope := resource.ScopeLogs().AppendEmpty()
			scope.Scope().SetName(fmt.Sprintf("scope-%d", s))
			for i := 0; i < shape.items; i++ {
				serial++
				record := scope.LogRecords().AppendEmpty()
				record.SetEventName("gen_ai.choice")
				record.Body().SetStr(fmt.Sprintf("%s record %d %s", shape.tag, serial, strings.Repeat("r", shape.attrBytes)))
			}
		}
	}
	return ld
}

// testConfig is the default config pointed at url, without queue or retries, so that a
// Consume call returns the export's own error.
func testConfig(url string) *Config {
	cfg := createDefaultConfig().(*Config)
	cfg.URL = []string{url}
	cfg.QueueConfig = configoptional.None[exporterhelper.QueueBatchConfig]()
	cfg.RetryConfig.Enabled = false
	cfg.PublishTimeout = 2 * time.Second
	cfg.ConnectTimeout = time.Second
	cfg.ReconnectWait = 100 * time.Millisecond
	return cfg
}

func startTraces(t *testing.T, cfg *Config) exporter.Traces {
	t.Helper()
	exp, err := NewFactory().CreateTraces(context.Background(), exportertest.NewNopSettings(componentType), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := exp.Start(context.Background(), componenttest.NewNopHost()); err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { _ = exp.Shutdown(context.Background()) })
	return exp
}

func startLogs(t *testing.T, cfg *Config) exporter.Logs {
	t.Helper()
	exp, err := NewFactory().CreateLogs(context.Background(), exportertest.NewNopSettings(componentType), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := exp.Start(context.Background(), componenttest.NewNopHost()); err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { _ = exp.Shutdown(context.Background()) })
	return exp
}

// tracesJSON is a canonical text of traces for comparisons.
func tracesJSON(t *testing.T, td ptrace.Traces) string {
	t.Helper()
	out, err := (&ptrace.JSONMarshaler{}).MarshalTraces(td)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func logsJSON(t *testing.T, ld plog.Logs) string {
	t.Helper()
	out, err := (&plog.JSONMarshaler{}).MarshalLogs(ld)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
