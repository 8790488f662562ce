package natsexporter

import (
	"errors"
	"fmt"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/config/configretry"
	"go.opentelemetry.io/collector/config/configtls"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
)

// Encoding of the published messages.
type Encoding string

const (
	// EncodingProto publishes ExportTraceServiceRequest / ExportLogsServiceRequest protobuf bytes.
	EncodingProto Encoding = "otlp_proto"
	// EncodingJSON publishes the same requests as OTLP/JSON.
	EncodingJSON Encoding = "otlp_json"
)

// Config of the nats exporter. Standard exporterhelper settings (timeout, sending_queue,
// retry_on_failure) sit beside the NATS ones.
type Config struct {
	TimeoutConfig exporterhelper.TimeoutConfig                             `mapstructure:",squash"`
	QueueConfig   configoptional.Optional[exporterhelper.QueueBatchConfig] `mapstructure:"sending_queue"`
	RetryConfig   configretry.BackOffConfig                                `mapstructure:"retry_on_failure"`

	// URL lists the NATS servers: one URL, several comma-separated, or a YAML list.
	URL []string `mapstructure:"url"`
	// Subject the traces are published on; a JetStream stream must capture it.
	Subject string `mapstructure:"subject"`
	// LogsSubject the logs are published on.
	LogsSubject string `mapstructure:"logs_subject"`
	// Encoding is otlp_proto (default) or otlp_json.
	Encoding Encoding `mapstructure:"encoding"`
	// ProjectID is sent in the Lumina-Project-Id header of every message.
	ProjectID string `mapstructure:"project_id"`

	Auth AuthConfig             `mapstructure:"auth"`
	TLS  configtls.ClientConfig `mapstructure:"tls"`

	// ConnectTimeout bounds one connection attempt to a server.
	ConnectTimeout time.Duration `mapstructure:"connect_timeout"`
	// PublishTimeout bounds the wait for JetStream's acknowledgement of one message.
	PublishTimeout time.Duration `mapstructure:"publish_timeout"`
	// ReconnectWait is the pause between reconnection attempts (they never stop).
	ReconnectWait time.Duration `mapstructure:"reconnect_wait"`
}

// AuthConfig holds at most one way to authenticate.
type AuthConfig struct {
	User     string              `mapstructure:"user"`
	Password configopaque.String `mapstructure:"password"`
	Token    configopaque.String `mapstructure:"token"`
	// NkeySeedFile is a file holding an nkey user seed (SU…).
	NkeySeedFile string `mapstructure:"nkey_seed_file"`
	// CredentialsFile is a .creds file (user JWT and seed).
	CredentialsFile string `mapstructure:"creds_file"`
}

var _ component.Config = (*Config)(nil)

// Validate reports every problem of the NATS settings at once; the collector validates the
// nested standard settings (queue, retry, TLS) itself.
func (cfg *Config) Validate() error {
	var problems []error
	if len(cfg.servers()) == 0 {
		problems = append(problems, errors.New("url: at least one NATS server URL is required"))
	}
	for _, server := range cfg.servers() {
		if err := validateServerURL(server); err != nil {
			problems = append(problems, fmt.Errorf("url: %w", err))
		}
	}
	if err := validateSubject(cfg.Subject); err != nil {
		problems = append(problems, fmt.Errorf("subject: %w", err))
	}
	if err := validateSubject(cfg.LogsSubject); err != nil {
		problems = append(problems, fmt.Errorf("logs_subject: %w", err))
	}
	if cfg.Encoding != EncodingProto && cfg.Encoding != EncodingJSON {
		problems = append(problems, fmt.Errorf("encoding: must be %s or %s (got %q)", EncodingProto, EncodingJSON, cfg.Encoding))
	}
	if err := validateHeaderValue(cfg.ProjectID); err != nil {
		problems = append(problems, fmt.Errorf("project_id: %w", err))
	}
	if err := cfg.Auth.validate(); err != nil {
		problems = append(problems, fmt.Errorf("auth: %w", err))
	}
	problems = append(problems, positive("connect_timeout", cfg.ConnectTimeout), positive("publish_timeout", cfg.PublishTimeout), positive("reconnect_wait", cfg.ReconnectWait))
	return errors.Join(problems...)
}

func positive(name string, value time.Duration) error {
	if value <= 0 {
		return fmt.Errorf("%s: must be positive (got %s)", name, value)
	}
	return nil
}

func (auth AuthConfig) validate() error {
	methods := 0
	for _, set := range []bool{auth.User != "" || auth.Password != "", auth.Token != "", auth.NkeySeedFile != "", auth.CredentialsFile != ""} {
		if set {
			methods++
		}
	}
	if methods > 1 {
		return errors.New("set only one of user/password, token, nkey_seed_file, creds_file")
	}
	if (auth.User == "") != (auth.Password == "") {
		return errors.New("user and password go together")
	}
	return nil
}
