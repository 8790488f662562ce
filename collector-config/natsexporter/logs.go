package natsexporter

import (
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/plog/plogotlp"
)

func logsSignal(encoding Encoding) signal[plog.Logs] {
	return signal[plog.Logs]{
		itemName: "log record",
		encode: func(ld plog.Logs) ([]byte, error) {
			request := plogotlp.NewExportRequestFromLogs(ld)
			if encoding == EncodingJSON {
				return request.MarshalJSON()
			}
			return request.MarshalProto()
		},
		halve: halveLogs,
		items: func(ld plog.Logs) int { return ld.LogRecordCount() },
	}
}

// halveLogs splits like halveTraces: resources, then scopes, then log records.
func halveLogs(ld plog.Logs) (plog.Logs, plog.Logs, bool) {
	resources := ld.ResourceLogs()
	if resources.Len() > 1 {
		mid := resources.Len() / 2
		return copyResourceLogs(resources, 0, mid), copyResourceLogs(resources, mid, resources.Len()), true
	}
	if resources.Len() == 0 {
		return ld, ld, false
	}
	resource := resources.At(0)
	scopes := resource.ScopeLogs()
	if scopes.Len() > 1 {
		mid := scopes.Len() / 2
		return copyScopeLogs(resource, 0, mid), copyScopeLogs(resource, mid, scopes.Len()), true
	}
	if scopes.Len() == 0 || scopes.At(0).LogRecords().Len() < 2 {
		return ld, ld, false
	}
	records := scopes.At(0).LogRecords()
	mid := records.Len() / 2
	return copyLogRecords(resource, scopes.At(0), 0, mid), copyLogRecords(resource, scopes.At(0), mid, records.Len()), true
}

func copyResourceLogs(resources plog.ResourceLogsSlice, from, to int) plog.Logs {
	out := plog.NewLogs()
	for i := from; i < to; i++ {
		resources.At(i).CopyTo(out.ResourceLogs().AppendEmpty())
	}
	return out
}

func copyScopeLogs(resource plog.ResourceLogs, from, to int) plog.Logs {
	out := plog.NewLogs()
	target := out.ResourceLogs().AppendEmpty()
	resource.Resource().CopyTo(target.Resource())
	target.SetSchemaUrl(resource.SchemaUrl())
	for i := from; i < to; i++ {
		resource.ScopeLogs().At(i).CopyTo(target.ScopeLogs().AppendEmpty())
	}
	return out
}

func copyLogRecords(resource plog.ResourceLogs, scope plog.ScopeLogs, from, to int) plog.Logs {
	out := plog.NewLogs()
	targetResource := out.ResourceLogs().AppendEmpty()
	resource.Resource().CopyTo(targetResource.Resource())
	targetResource.SetSchemaUrl(resource.SchemaUrl())
	targetScope := targetResource.ScopeLogs().AppendEmpty()
	scope.Scope().CopyTo(targetScope.Scope())
	targetScope.SetSchemaUrl(scope.SchemaUrl())
	for i := from; i < to; i++ {
		scope.LogRecords().At(i).CopyTo(targetScope.LogRecords().AppendEmpty())
	}
	return out
}
