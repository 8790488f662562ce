// Package natsexporter is Lumina's OpenTelemetry Collector exporter for NATS JetStream
// (component type "nats").
//
// It publishes each batch of traces (or logs) as one OTLP ExportTraceServiceRequest
// (ExportLogsServiceRequest) message, protobuf or OTLP/JSON, to a JetStream subject, and
// counts a batch as sent only once JetStream acknowledged every message of it. Each
// message carries a Nats-Msg-Id derived from its bytes, so a batch retried within the
// stream's duplicate window is stored once, and a Lumina-Project-Id header.
//
// It is built on the collector's exporterhelper: sending queue (in memory or on disk
// through a storage extension), retry with backoff, timeout and batching are the
// standard settings. It never creates streams: Lumina's services do at start-up.
package natsexporter // import "github.com/lumina-observability/lumina/collector-config/natsexporter"
