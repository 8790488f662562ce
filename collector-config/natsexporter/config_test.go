package natsexporter

import (
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/confmap"
)

// load decodes raw YAML-like settings over the defaults, as the collector does.
func load(t *testing.T, raw map[string]any) *Config {
	t.Helper()
	cfg := createDefaultConfig().(*Config)
	if err := confmap.NewFromStringMap(raw).Unmarshal(cfg); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	return cfg
}

func TestTheDefaultsPublishToLuminasSpansSubjectOnLocalNATS(t *testing.T) {
	cfg := createDefaultConfig().(*Config)
	if err := confmap.Validate(cfg); err != nil {
		t.Fatalf("defaults must validate: %v", err)
	}
	if cfg.servers()[0] != "nats://127.0.0.1:4222" || cfg.Subject != "lumina.spans.otlp" || cfg.LogsSubject != "lumina.logs.otlp" ||
		cfg.Encoding != EncodingProto || cfg.ProjectID != "default" || !cfg.QueueConfig.HasValue() || !cfg.RetryConfig.Enabled {
		t.Fatalf("unexpected defaults: %+v", cfg)
	}
}

func TestSettingsAreReadFromTheConfiguration(t *testing.T) {
	cfg := load(t, map[string]any{
		"url":              "nats://a:4222, tls://b:4222",
		"subject":          "lumina.t1.spans.otlp",
		"logs_subject":     "lumina.t1.logs.otlp",
		"encoding":         "otlp_json",
		"project_id":       "checkout",
		"auth":             map[string]any{"token": "abc"},
		"publish_timeout":  "3s",
		"timeout":          "7s",
		"retry_on_failure": map[string]any{"max_elapsed_time": "0s"},
		"sending_queue":    map[string]any{"queue_size": 42},
	})
	if err := confmap.Validate(cfg); err != nil {
		t.Fatalf("validate: %v", err)
	}
	if got := cfg.servers(); len(got) != 2 || got[0] != "nats://a:4222" || got[1] != "tls://b:4222" {
		t.Errorf("servers = %v", got)
	}
	if cfg.Encoding != EncodingJSON || cfg.ProjectID != "checkout" || cfg.Auth.Token != "abc" || cfg.PublishTimeout != 3*time.Second ||
		cfg.TimeoutConfig.Timeout != 7*time.Second || cfg.QueueConfig.Get().QueueSize != 42 || cfg.Subject != "lumina.t1.spans.otlp" {
		t.Errorf("settings not applied: %+v", cfg)
	}
	list := load(t, map[string]any{"url": []any{"nats://a:4222", "nats://b:4222"}})
	if got := list.servers(); len(got) != 2 {
		t.Errorf("a YAML list of servers gives %v", got)
	}
}

func TestInvalidSettingsAreRejectedWithAClearMessage(t *testing.T) {
	cases := map[string]struct {
		raw  map[string]any
		want string
	}{
		"no server":             {map[string]any{"url": ""}, "url: at least one NATS server URL is required"},
		"http scheme":           {map[string]any{"url": "http://nats:4222"}, "scheme must be nats, tls, ws or wss"},
		"wildcard subject":      {map[string]any{"subject": "lumina.*.otlp"}, "subject: \"lumina.*.otlp\" contains a wildcard"},
		"empty token":           {map[string]any{"subject": "lumina..otlp"}, "has an empty token"},
		"empty logs subject":    {map[string]any{"logs_subject": ""}, "logs_subject: must not be empty"},
		"unknown encoding":      {map[string]any{"encoding": "proto"}, "encoding: must be otlp_proto or otlp_json"},
		"project id with space": {map[string]any{"project_id": "my project"}, "project_id:"},
		"two auth methods":      {map[string]any{"auth": map[string]any{"token": "t", "creds_file": "/x.creds"}}, "auth: set only one of"},
		"user without password": {map[string]any{"auth": map[string]any{"user": "u"}}, "user and password go together"},
		"zero publish timeout":  {map[string]any{"publish_timeout": "0s"}, "publish_timeout: must be positive"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			err := confmap.Validate(load(t, tc.raw))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("want an error containing %q, got %v", tc.want, err)
			}
		})
	}
}
