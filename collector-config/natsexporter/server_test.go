package natsexporter

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// natsServerBinary is the real server the tests run; NATS_SERVER_BIN overrides it.
func natsServerBinary() string {
	if bin := os.Getenv("NATS_SERVER_BIN"); bin != "" {
		return bin
	}
	return "/usr/sbin/nats-server"
}

// serverOptions configure a private nats-server with JetStream.
type serverOptions struct {
	maxPayload int
	user       string
	password   string
	token      string
}

// testServer is a nats-server of one test, on a free loopback port, with its store in a
// temp dir. It can be stopped and started again on the same port with the same store.
type testServer struct {
	t       *testing.T
	port    int
	config  string
	process *exec.Cmd
}

func startServer(t *testing.T, options serverOptions) *testServer {
	t.Helper()
	server := newServer(t, options)
	server.start()
	return server
}

// newServer prepares a server on a free port without starting it.
func newServer(t *testing.T, options serverOptions) *testServer {
	t.Helper()
	dir := t.TempDir()
	server := &testServer{t: t, port: freePort(t), config: filepath.Join(dir, "nats.conf")}
	if err := os.WriteFile(server.config, []byte(serverConfig(server.port, filepath.Join(dir, "store"), options)), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(server.stop)
	return server
}

func serverConfig(port int, storeDir string, options serverOptions) string {
	lines := []string{
		fmt.Sprintf("listen: 127.0.0.1:%d", port),
		fmt.Sprintf("jetstream { store_dir: %q }", storeDir),
	}
	if options.maxPayload > 0 {
		lines = append(lines, fmt.Sprintf("max_payload: %d", options.maxPayload))
	}
	if options.user != "" {
		lines = append(lines, fmt.Sprintf("authorization { user: %q, password: %q }", options.user, options.password))
	}
	if options.token != "" {
		lines = append(lines, fmt.Sprintf("authorization { token: %q }", options.token))
	}
	return strings.Join(lines, "\n") + "\n"
}

func (s *testServer) url() string { return fmt.Sprintf("nats://127.0.0.1:%d", s.port) }

func (s *testServer) start() {
	s.t.Helper()
	s.process = exec.Command(natsServerBinary(), "-c", s.config)
	if err := s.process.Start(); err != nil {
		s.t.Fatalf("starting nats-server: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		conn, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", s.port), 200*time.Millisecond)
		if err == nil {
			conn.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("nats-server did not listen on %d", s.port)
}

func (s *testServer) stop() {
	if s.process == nil || s.process.Process == nil {
		return
	}
	_ = s.process.Process.Kill()
	_ = s.process.Wait()
	s.process = nil
}

func freePort(t *testing.T) int {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close()
	return listener.Addr().(*net.TCPAddr).Port
}

// streamClient is the test's own connection, to create streams and read them back.
type streamClient struct {
	conn *nats.Conn
	js   jetstream.JetStream
}

func newStreamClient(t *testing.T, url string, options ...nats.Option) *streamClient {
	t.Helper()
	conn, err := nats.Connect(url, options...)
	if err != nil {
		t.Fatalf("test client: %v", err)
	}
	t.Cleanup(conn.Close)
	js, err := jetstream.New(conn)
	if err != nil {
		t.Fatal(err)
	}
	return &streamClient{conn: conn, js: js}
}

// createStream makes a stream as Lumina's services would (file storage, dedupe window);
// adjust changes it for a test (limits, discard policy).
func (c *streamClient) createStream(t *testing.T, name, subject string, adjust func(*jetstream.StreamConfig)) {
	t.Helper()
	config := jetstream.StreamConfig{Name: name, Subjects: []string{subject}, Storage: jetstream.FileStorage, Duplicates: 2 * time.Minute}
	if adjust != nil {
		adjust(&config)
	}
	if _, err := c.js.CreateStream(context.Background(), config); err != nil {
		t.Fatalf("creating stream %s: %v", name, err)
	}
}

// messages returns every message stored in the stream, in order.
func (c *streamClient) messages(t *testing.T, name string) []*jetstream.RawStreamMsg {
	t.Helper()
	ctx := context.Background()
	stream, err := c.js.Stream(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	state := stream.CachedInfo().State
	var out []*jetstream.RawStreamMsg
	for seq := state.FirstSeq; state.Msgs > 0 && seq <= state.LastSeq; seq++ {
		msg, err := stream.GetMsg(ctx, seq)
		if err != nil {
			t.Fatalf("reading message %d of %s: %v", seq, name, err)
		}
		out = append(out, msg)
	}
	return out
}
