package natsexporter

import (
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
)

func tracesSignal(encoding Encoding) signal[ptrace.Traces] {
	return signal[ptrace.Traces]{
		itemName: "span",
		encode: func(td ptrace.Traces) ([]byte, error) {
			request := ptraceotlp.NewExportRequestFromTraces(td)
			if encoding == EncodingJSON {
				return request.MarshalJSON()
			}
			return request.MarshalProto()
		},
		halve: halveTraces,
		items: func(td ptrace.Traces) int { return td.SpanCount() },
	}
}

// halveTraces splits the resources in two halves; a single resource by its scopes; a
// single scope by its spans. The input is left as it is (parts are copies).
func halveTraces(td ptrace.Traces) (ptrace.Traces, ptrace.Traces, bool) {
	resources := td.ResourceSpans()
	if resources.Len() > 1 {
		mid := resources.Len() / 2
		return copyResourceSpans(resources, 0, mid), copyResourceSpans(resources, mid, resources.Len()), true
	}
	if resources.Len() == 0 {
		return td, td, false
	}
	resource := resources.At(0)
	scopes := resource.ScopeSpans()
	if scopes.Len() > 1 {
		mid := scopes.Len() / 2
		return copyScopeSpans(resource, 0, mid), copyScopeSpans(resource, mid, scopes.Len()), true
	}
	if scopes.Len() == 0 || scopes.At(0).Spans().Len() < 2 {
		return td, td, false
	}
	spans := scopes.At(0).Spans()
	mid := spans.Len() / 2
	return copySpans(resource, scopes.At(0), 0, mid), copySpans(resource, scopes.At(0), mid, spans.Len()), true
}

func copyResourceSpans(resources ptrace.ResourceSpansSlice, from, to int) ptrace.Traces {
	out := ptrace.NewTraces()
	for i := from; i < to; i++ {
		resources.At(i).CopyTo(out.ResourceSpans().AppendEmpty())
	}
	return out
}

func copyScopeSpans(resource ptrace.ResourceSpans, from, to int) ptrace.Traces {
	out := ptrace.NewTraces()
	target := out.ResourceSpans().AppendEmpty()
	resource.Resource().CopyTo(target.Resource())
	target.SetSchemaUrl(resource.SchemaUrl())
	for i := from; i < to; i++ {
		resource.ScopeSpans().At(i).CopyTo(target.ScopeSpans().AppendEmpty())
	}
	return out
}

func copySpans(resource ptrace.ResourceSpans, scope ptrace.ScopeSpans, from, to int) ptrace.Traces {
	out := ptrace.NewTraces()
	targetResource := out.ResourceSpans().AppendEmpty()
	resource.Resource().CopyTo(targetResource.Resource())
	targetResource.SetSchemaUrl(resource.SchemaUrl())
	targetScope := targetResource.ScopeSpans().AppendEmpty()
	scope.Scope().CopyTo(targetScope.Scope())
	targetScope.SetSchemaUrl(scope.SchemaUrl())
	for i := from; i < to; i++ {
		scope.Spans().At(i).CopyTo(targetScope.Spans().AppendEmpty())
	}
	return out
}
