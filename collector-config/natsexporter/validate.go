package natsexporter

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Schemes nats.go connects with.
var serverSchemes = map[string]bool{"nats": true, "tls": true, "ws": true, "wss": true}

// servers is the URL list with blanks dropped and spaces trimmed ("a, b" works).
func (cfg *Config) servers() []string {
	var out []string
	for _, entry := range cfg.URL {
		for _, part := range strings.Split(entry, ",") {
			if trimmed := strings.TrimSpace(part); trimmed != "" {
				out = append(out, trimmed)
			}
		}
	}
	return out
}

func validateServerURL(raw string) error {
	withScheme := raw
	if !strings.Contains(raw, "://") {
		withScheme = "nats://" + raw
	}
	parsed, err := url.Parse(withScheme)
	if err != nil {
		return fmt.Errorf("%q is not a URL: %w", raw, err)
	}
	if !serverSchemes[parsed.Scheme] {
		return fmt.Errorf("%q: scheme must be nats, tls, ws or wss", raw)
	}
	if parsed.Hostname() == "" {
		return fmt.Errorf("%q has no host", raw)
	}
	return nil
}

// validateSubject accepts what a publisher may use: dot-separated non-empty tokens, no
// wildcards, no whitespace.
func validateSubject(subject string) error {
	if subject == "" {
		return errors.New("must not be empty")
	}
	if strings.ContainsAny(subject, " \t\r\n") {
		return fmt.Errorf("%q contains whitespace", subject)
	}
	for _, token := range strings.Split(subject, ".") {
		switch token {
		case "":
			return fmt.Errorf("%q has an empty token", subject)
		case "*", ">":
			return fmt.Errorf("%q contains a wildcard; publish to a literal subject", subject)
		}
	}
	return nil
}

// validateHeaderValue keeps a value that NATS headers can carry as it is.
func validateHeaderValue(value string) error {
	if value == "" {
		return errors.New("must not be empty")
	}
	for _, r := range value {
		if r < 0x21 || r > 0x7e {
			return fmt.Errorf("%q: only printable ASCII without spaces", value)
		}
	}
	return nil
}
