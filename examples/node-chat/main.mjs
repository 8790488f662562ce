// One chat turn of a support bot, traced with @lumina/sdk: a workflow span with an Anthropic call
// (the answer) and a streamed OpenAI call (a summary), each read automatically from the result.
// Run: node main.mjs   (LUMINA_ENDPOINT defaults to http://127.0.0.1:4317, OTLP/gRPC)
import Anthropic from '@anthropic-ai/sdk';
import { initLumina } from '@lumina/sdk';
import OpenAI from 'openai';
import { startProviderStandIn } from './provider-stand-in.mjs';

const standIn = await startProviderStandIn();
const anthropic = new Anthropic({ apiKey: 'stand-in', baseURL: standIn.url });
const openai = new OpenAI({ apiKey: 'stand-in', baseURL: `${standIn.url}/v1` });

// The two lines: start tracing, then wrap each call.
const lumina = initLumina({
  endpoint: process.env.LUMINA_ENDPOINT ?? 'http://127.0.0.1:4317',
  service_name: 'node-chat-example',
  apiKey: process.env.LUMINA_API_KEY,
  samplingRate: 1,
  alwaysSampleConditions: [{ error: true }],
});

const user = { userId: 'user-42', sessionId: 'session-7' };
const question = 'How do I reset my password?';

const traceId = await lumina.trace(
  async (span) => {
    const messages = [{ role: 'user', content: question }];
    const answer = await lumina.traceLLM(
      () => anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 300, system: 'You are a support agent.', messages }),
      { name: 'answer', system: 'anthropic', model: 'claude-sonnet-4-5', prompt: messages, systemPrompt: 'You are a support agent.', metadata: user, tags: ['support'] },
    );
    const answerText = answer.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    console.log(`answer: ${answerText}`);

    const summaryPrompt = [{ role: 'user', content: `Summarize for the ticket log: ${answerText}` }];
    const stream = await lumina.traceLLM(
      () => openai.chat.completions.create({ model: 'gpt-4o-mini', messages: summaryPrompt, stream: true, stream_options: { include_usage: true } }),
      { name: 'summarize', system: 'openai', model: 'gpt-4o-mini', prompt: summaryPrompt, metadata: user },
    );
    let summary = '';
    for await (const chunk of stream) summary += chunk.choices[0]?.delta.content ?? '';
    console.log(`summary: ${summary}`);
    return span.spanContext().traceId;
  },
  { name: 'support-turn', metadata: user },
);

await lumina.shutdown();
await standIn.stop();
console.log(JSON.stringify({ traceId }));
