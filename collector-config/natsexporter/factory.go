package natsexporter

import (
	"context"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/config/configretry"
	"go.opentelemetry.io/collector/config/configtls"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
)

// componentType is the name configurations use: `nats` or `nats/<name>`.
var componentType = component.MustNewType("nats")

const stability = component.StabilityLevelAlpha

// Defaults of the settings (README: "Settings of the nats exporter").
const (
	DefaultURL            = "nats://127.0.0.1:4222"
	DefaultSubject        = "lumina.spans.otlp"
	DefaultLogsSubject    = "lumina.logs.otlp"
	DefaultProjectID      = "default"
	defaultConnectTimeout = 5 * time.Second
	defaultPublishTimeout = 10 * time.Second
	defaultReconnectWait  = time.Second
	// A batch split into several messages waits for several acks in turn.
	defaultExportTimeout = 30 * time.Second
)

// NewFactory returns the factory of the nats exporter (traces and logs).
func NewFactory() exporter.Factory {
	return exporter.NewFactory(
		componentType,
		createDefaultConfig,
		exporter.WithTraces(createTraces, stability),
		exporter.WithLogs(createLogs, stability),
	)
}

func createDefaultConfig() component.Config {
	tls := configtls.NewDefaultClientConfig()
	// Plain NATS unless the config asks for TLS (insecure: false, a CA, or a tls:// URL).
	tls.Insecure = true
	return &Config{
		TimeoutConfig:  exporterhelper.TimeoutConfig{Timeout: defaultExportTimeout},
		QueueConfig:    configoptional.Some(exporterhelper.NewDefaultQueueConfig()),
		RetryConfig:    configretry.NewDefaultBackOffConfig(),
		URL:            []string{DefaultURL},
		Subject:        DefaultSubject,
		LogsSubject:    DefaultLogsSubject,
		Encoding:       EncodingProto,
		ProjectID:      DefaultProjectID,
		TLS:            tls,
		ConnectTimeout: defaultConnectTimeout,
		PublishTimeout: defaultPublishTimeout,
		ReconnectWait:  defaultReconnectWait,
	}
}

func helperOptions(cfg *Config, publisher *publisher) []exporterhelper.Option {
	return []exporterhelper.Option{
		exporterhelper.WithStart(publisher.start),
		exporterhelper.WithShutdown(publisher.shutdown),
		exporterhelper.WithCapabilities(consumer.Capabilities{MutatesData: false}),
		exporterhelper.WithTimeout(cfg.TimeoutConfig),
		exporterhelper.WithRetry(cfg.RetryConfig),
		exporterhelper.WithQueue(cfg.QueueConfig),
	}
}

func createTraces(ctx context.Context, set exporter.Settings, cfg component.Config) (exporter.Traces, error) {
	config := cfg.(*Config)
	publisher := newPublisher(config, set)
	return exporterhelper.NewTraces(ctx, set, cfg, newTracesSender(config, publisher).push, helperOptions(config, publisher)...)
}

func createLogs(ctx context.Context, set exporter.Settings, cfg component.Config) (exporter.Logs, error) {
	config := cfg.(*Config)
	publisher := newPublisher(config, set)
	return exporterhelper.NewLogs(ctx, set, cfg, newLogsSender(config, publisher).push, helperOptions(config, publisher)...)
}
