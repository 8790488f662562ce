import { conversationOf } from '../../core/conversation';
import type { Span } from '../../api/types';
import { ToolCalls } from './ToolCalls';

/** The call's prompt and response as chat turns: system, user, assistant, tool; then the tool calls the model asked for. */
export function Conversation({ span }: { span: Span }) {
  const messages = conversationOf(span);
  const toolCalls = span.tool_calls ?? [];
  if (messages.length === 0 && toolCalls.length === 0) return <p className="hint">No prompt or response was recorded for this call.</p>;
  return (
    <div className="conversation" data-testid="conversation">
      {messages.map((message, index) => (
        <div key={index} className={`turn role-${message.role}`} data-role={message.role}>
          <div className="turn-role">{message.role}</div>
          {message.structured ? <pre className="turn-content">{message.content}</pre> : <div className="turn-content">{message.content}</div>}
        </div>
      ))}
      {toolCalls.length > 0 && <ToolCalls calls={toolCalls} />}
    </div>
  );
}
