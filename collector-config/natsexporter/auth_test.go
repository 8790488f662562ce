package natsexporter

import (
	"context"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/exporter/exportertest"
)

// startError is what Start returns for the config (nil when it connected).
func startError(t *testing.T, cfg *Config) error {
	t.Helper()
	exp, err := NewFactory().CreateTraces(context.Background(), exportertest.NewNopSettings(componentType), cfg)
	if err != nil {
		t.Fatal(err)
	}
	err = exp.Start(context.Background(), componenttest.NewNopHost())
	_ = exp.Shutdown(context.Background())
	return err
}

func TestUserAndPasswordAuthenticate(t *testing.T) {
	server := startServer(t, serverOptions{user: "collector", password: "s3cret"})
	client := newStreamClient(t, server.url(), nats.UserInfo("collector", "s3cret"))
	client.createStream(t, spansStream, spansSubject, nil)

	cfg := testConfig(server.url())
	cfg.Auth = AuthConfig{User: "collector", Password: configopaque.String("s3cret")}
	if err := startTraces(t, cfg).ConsumeTraces(context.Background(), makeTraces(batchShape{resources: 1, scopes: 1, items: 1, tag: "user"})); err != nil {
		t.Fatalf("export with the right password: %v", err)
	}
	if got := len(client.messages(t, spansStream)); got != 1 {
		t.Fatalf("want 1 message, got %d", got)
	}

	cfg.Auth.Password = "wrong"
	if err := startError(t, cfg); err == nil || !strings.Contains(strings.ToLower(err.Error()), "authorization") {
		t.Fatalf("a wrong password must stop the collector from starting, got %v", err)
	}
}

func TestATokenAuthenticates(t *testing.T) {
	server := startServer(t, serverOptions{token: "t0ken"})
	client := newStreamClient(t, server.url(), nats.Token("t0ken"))
	client.createStream(t, spansStream, spansSubject, nil)

	cfg := testConfig(server.url())
	cfg.Auth = AuthConfig{Token: configopaque.String("t0ken")}
	if err := startTraces(t, cfg).ConsumeTraces(context.Background(), makeTraces(batchShape{resources: 1, scopes: 1, items: 1, tag: "token"})); err != nil {
		t.Fatalf("export with the token: %v", err)
	}
	if got := len(client.messages(t, spansStream)); got != 1 {
		t.Fatalf("want 1 message, got %d", got)
	}

	cfg.Auth.Token = "other"
	if err := startError(t, cfg); err == nil || !strings.Contains(strings.ToLower(err.Error()), "authorization") {
		t.Fatalf("a wrong token must stop the collector from starting, got %v", err)
	}
	cfg.Auth = AuthConfig{}
	if err := startError(t, cfg); err == nil {
		t.Fatal("no credentials must stop the collector from starting")
	}
}

func TestAMissingNkeySeedFileStopsTheStart(t *testing.T) {
	cfg := testConfig("nats://127.0.0.1:1")
	cfg.Auth = AuthConfig{NkeySeedFile: "/nonexistent/user.nk"}
	if err := startError(t, cfg); err == nil || !strings.Contains(err.Error(), "nkey_seed_file") {
		t.Fatalf("want an error naming nkey_seed_file, got %v", err)
	}
}
