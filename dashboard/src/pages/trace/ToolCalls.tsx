import type { ToolCall } from '../../api/types';
import { formatToolArguments } from '../../core/conversation';

/** The tool calls the model asked for, as an assistant turn of the conversation. */
export function ToolCalls({ calls }: { calls: ToolCall[] }) {
  return (
    <div className="turn role-tool-call" data-role="tool_calls" data-testid="tool-calls">
      <div className="turn-role">assistant · tool calls</div>
      {calls.map((call, index) => (
        <div key={call.id ?? index} className="tool-call" data-tool-call={call.name ?? ''}>
          <div>
            <strong className="tool-name">{call.name ?? '(unnamed tool)'}</strong>
            {call.id && <code className="hint"> {call.id}</code>}
          </div>
          <pre className="turn-content tool-arguments">{formatToolArguments(call.arguments)}</pre>
        </div>
      ))}
    </div>
  );
}
