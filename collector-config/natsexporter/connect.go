package natsexporter

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/nats-io/nats.go"
	"go.uber.org/zap"
)

// connectOptions turns the config into nats.go options: auth, TLS, timeouts, and a
// connection that reconnects forever without buffering, so a publish while disconnected
// fails at once (and is retried by exporterhelper) instead of waiting in a buffer.
func connectOptions(ctx context.Context, cfg *Config, name string, logger *zap.Logger) ([]nats.Option, error) {
	options := []nats.Option{
		nats.Name(name),
		nats.Timeout(cfg.ConnectTimeout),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(cfg.ReconnectWait),
		nats.ReconnectBufSize(-1),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			logger.Warn("disconnected from NATS; publishes fail (and are retried) until it reconnects", zap.Error(err))
		}),
		nats.ReconnectHandler(func(conn *nats.Conn) {
			logger.Info("reconnected to NATS", zap.String("server", conn.ConnectedUrlRedacted()))
		}),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			logger.Warn("NATS error", zap.Error(err))
		}),
	}
	auth, err := authOptions(cfg.Auth)
	if err != nil {
		return nil, err
	}
	options = append(options, auth...)
	tlsConfig, err := cfg.TLS.LoadTLSConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("tls: %w", err)
	}
	if tlsConfig != nil {
		options = append(options, nats.Secure(tlsConfig))
	}
	return options, nil
}

func authOptions(auth AuthConfig) ([]nats.Option, error) {
	switch {
	case auth.User != "":
		return []nats.Option{nats.UserInfo(auth.User, string(auth.Password))}, nil
	case auth.Token != "":
		return []nats.Option{nats.Token(string(auth.Token))}, nil
	case auth.NkeySeedFile != "":
		option, err := nats.NkeyOptionFromSeed(auth.NkeySeedFile)
		if err != nil {
			return nil, fmt.Errorf("auth.nkey_seed_file: %w", err)
		}
		return []nats.Option{option}, nil
	case auth.CredentialsFile != "":
		return []nats.Option{nats.UserCredentials(auth.CredentialsFile)}, nil
	}
	return nil, nil
}

// connect opens the connection. A server that cannot be reached yet does not stop the
// collector: the connection keeps trying in the background and publishes fail meanwhile
// (retryable). A server that refuses us (credentials, TLS) is a bad config: Start fails.
func connect(ctx context.Context, cfg *Config, name string, logger *zap.Logger) (*nats.Conn, error) {
	options, err := connectOptions(ctx, cfg, name, logger)
	if err != nil {
		return nil, err
	}
	servers := strings.Join(cfg.servers(), ",")
	conn, err := nats.Connect(servers, options...)
	if err == nil {
		return conn, nil
	}
	if !errors.Is(err, nats.ErrNoServers) {
		return nil, fmt.Errorf("connecting to %s: %w", servers, err)
	}
	logger.Warn("NATS is not reachable yet; connecting in the background", zap.String("url", servers), zap.Error(err))
	return nats.Connect(servers, append(options, nats.RetryOnFailedConnect(true))...)
}
