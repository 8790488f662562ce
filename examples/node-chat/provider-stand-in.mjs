// A local stand-in for the two provider endpoints this example calls, so it runs offline:
// Anthropic `POST /v1/messages` (JSON) and OpenAI `POST /v1/chat/completions` (JSON or SSE).
import { createServer } from 'node:http';

const reply = (question) => `Stand-in answer to "${question}".`;

function lastUserText(messages) {
  const content = [...messages].reverse().find((message) => message.role === 'user')?.content ?? '';
  return typeof content === 'string' ? content : content.map((part) => part.text ?? '').join('');
}

function anthropicMessage(body) {
  return {
    id: 'msg_example', type: 'message', role: 'assistant', model: `${body.model}-20250929`,
    content: [{ type: 'text', text: reply(lastUserText(body.messages)) }],
    stop_reason: 'end_turn', stop_sequence: null,
    usage: { input_tokens: 42, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, output_tokens: 11 },
  };
}

function openAiChat(body, res) {
  const base = { id: 'chatcmpl-example', created: Math.floor(Date.now() / 1000), model: `${body.model}-2024-07-18` };
  const text = reply(lastUserText(body.messages));
  const usage = { prompt_tokens: 57, completion_tokens: 9, total_tokens: 66, prompt_tokens_details: { cached_tokens: 0 } };
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage }));
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const send = (data) => res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  const chunk = (delta, finish_reason) => ({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason }] });
  send(chunk({ role: 'assistant', content: '' }, null));
  for (const word of text.split(/(?<= )/)) send(chunk({ content: word }, null));
  send(chunk({}, 'stop'));
  if (body.stream_options?.include_usage) send({ ...base, object: 'chat.completion.chunk', choices: [], usage });
  send('[DONE]');
  res.end();
}

/** Starts the stand-in on a free loopback port; resolves with its base URL and a stop function. */
export async function startProviderStandIn() {
  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw || '{}');
    if (req.url === '/v1/messages') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(anthropicMessage(body)));
    }
    if (req.url === '/v1/chat/completions') return openAiChat(body, res);
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `no route ${req.url}` } }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, stop: () => new Promise((resolve) => server.close(resolve)) };
}
