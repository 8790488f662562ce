package natsexporter

import (
	"context"
	"errors"
	"testing"

	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

const smallMaxPayload = 8 * 1024

// spanKeys lists "service/scope/span name" of every span, the identity the tests compare.
func spanKeys(td ptrace.Traces) []string {
	var keys []string
	for r := 0; r < td.ResourceSpans().Len(); r++ {
		resource := td.ResourceSpans().At(r)
		service, _ := resource.Resource().Attributes().Get("service.name")
		for s := 0; s < resource.ScopeSpans().Len(); s++ {
			scope := resource.ScopeSpans().At(s)
			for i := 0; i < scope.Spans().Len(); i++ {
				keys = append(keys, service.Str()+"/"+scope.Scope().Name()+"/"+scope.Spans().At(i).Name())
			}
		}
	}
	return keys
}

func TestABatchOverMaxPayloadIsStoredAsSeveralMessagesThatEachFit(t *testing.T) {
	for _, encoding := range []Encoding{EncodingProto, EncodingJSON} {
		t.Run(string(encoding), func(t *testing.T) {
			server := startServer(t, serverOptions{maxPayload: smallMaxPayload})
			client := newStreamClient(t, server.url())
			client.createStream(t, spansStream, spansSubject, nil)
			cfg := testConfig(server.url())
			cfg.Encoding = encoding
			exp := startTraces(t, cfg)

			// About 60 KB: 3 resources × 2 scopes × 10 spans of ~1 KB.
			sent := makeTraces(batchShape{resources: 3, scopes: 2, items: 10, attrBytes: 900, tag: "split"})
			if err := exp.ConsumeTraces(context.Background(), sent); err != nil {
				t.Fatalf("export: %v", err)
			}

			messages := client.messages(t, spansStream)
			if len(messages) < 8 {
				t.Fatalf("want the batch cut into at least 8 messages, got %d", len(messages))
			}
			var stored []string
			for _, msg := range messages {
				if len(msg.Data) > smallMaxPayload {
					t.Errorf("a message of %d bytes exceeds max_payload %d", len(msg.Data), smallMaxPayload)
				}
				stored = append(stored, spanKeys(decodeTraces(t, encoding, msg.Data))...)
			}
			// Every span once, with its resource and scope, in the batch's order.
			want := spanKeys(sent)
			if len(stored) != len(want) {
				t.Fatalf("stored %d spans, sent %d", len(stored), len(want))
			}
			for i := range want {
				if stored[i] != want[i] {
					t.Fatalf("span %d: stored %q, sent %q", i, stored[i], want[i])
				}
			}
		})
	}
}

func TestASpanLargerThanMaxPayloadIsDroppedAloneAsAPermanentError(t *testing.T) {
	server := startServer(t, serverOptions{maxPayload: smallMaxPayload})
	client := newStreamClient(t, server.url())
	client.createStream(t, spansStream, spansSubject, nil)
	exp := startTraces(t, testConfig(server.url()))

	sent := makeTraces(batchShape{resources: 1, scopes: 1, items: 12, attrBytes: 400, tag: "huge"})
	huge := sent.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(5)
	huge.Attributes().PutStr("gen_ai.completion", string(make([]byte, 3*smallMaxPayload)))
	hugeName := huge.Name()

	err := exp.ConsumeTraces(context.Background(), sent)
	if !consumererror.IsPermanent(err) {
		t.Fatalf("want a permanent error for the span that can never fit, got %v", err)
	}
	publishErr, ok := errors.AsType[*PublishError](err)
	if !ok || publishErr.Kind != KindMessageTooLarge {
		t.Fatalf("want a %s PublishError, got %v", KindMessageTooLarge, err)
	}

	var stored []string
	for _, msg := range client.messages(t, spansStream) {
		stored = append(stored, spanKeys(decodeTraces(t, EncodingProto, msg.Data))...)
	}
	if len(stored) != 11 {
		t.Fatalf("want the 11 other spans stored, got %d", len(stored))
	}
	for _, key := range stored {
		if key == "service-0/scope-0/"+hugeName {
			t.Fatalf("the oversized span was stored")
		}
	}
}

func TestHalvingSplitsResourcesThenScopesThenSpans(t *testing.T) {
	counts := func(td ptrace.Traces) [3]int {
		scopes := 0
		for i := 0; i < td.ResourceSpans().Len(); i++ {
			scopes += td.ResourceSpans().At(i).ScopeSpans().Len()
		}
		return [3]int{td.ResourceSpans().Len(), scopes, td.SpanCount()}
	}
	cases := []struct {
		name          string
		shape         batchShape
		first, second [3]int
	}{
		{"by resource", batchShape{resources: 3, scopes: 2, items: 2}, [3]int{1, 2, 4}, [3]int{2, 4, 8}},
		{"by scope", batchShape{resources: 1, scopes: 4, items: 1}, [3]int{1, 2, 2}, [3]int{1, 2, 2}},
		{"by span", batchShape{resources: 1, scopes: 1, items: 5}, [3]int{1, 1, 2}, [3]int{1, 1, 3}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			td := makeTraces(tc.shape)
			before := tracesJSON(t, td)
			first, second, ok := halveTraces(td)
			if !ok || counts(first) != tc.first || counts(second) != tc.second {
				t.Fatalf("halves %v and %v (ok %v), want %v and %v", counts(first), counts(second), ok, tc.first, tc.second)
			}
			if tracesJSON(t, td) != before {
				t.Fatal("halving changed the input batch")
			}
		})
	}
	if _, _, ok := halveTraces(makeTraces(batchShape{resources: 1, scopes: 1, items: 1})); ok {
		t.Fatal("a single span cannot be halved")
	}
}
