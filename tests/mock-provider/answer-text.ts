/**
 * An OpenAI chat stream that answers with a text a test chose (for example markdown with hostile
 * links), one SSE event per token as long-markdown.ts cuts them, then the finish and usage events.
 */
import { tokenize } from './long-markdown.ts';
import { sseDataFrames } from './framing.ts';

const payload = (body: Record<string, unknown>): string => JSON.stringify({ id: 'chatcmpl-answer-text', object: 'chat.completion.chunk', created: 1770933892, model: 'gpt-4.1-nano', ...body });

export function answerTextFrames(text: string): Uint8Array[] {
  const tokens = tokenize(text);
  const lines = [
    payload({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }),
    ...tokens.map((token) => payload({ choices: [{ index: 0, delta: { content: token }, finish_reason: null }] })),
    payload({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
    payload({ choices: [], usage: { prompt_tokens: 12, completion_tokens: tokens.length, total_tokens: tokens.length + 12 } }),
  ];
  return sseDataFrames(lines, true);
}
