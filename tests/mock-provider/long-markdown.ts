/**
 * A long markdown answer (headings, paragraphs, nested lists, code blocks, tables, quotes) streamed
 * as OpenAI chat completion chunks at a fixed token rate, for the streaming benchmark. A "token" is
 * one SSE event carrying one delta: a word with its leading spaces, at most 6 characters of it (longer
 * words are cut), or a newline; about 4 characters on average, like a real model's token.
 */

const encoder = new TextEncoder();
/** How often the stream writes the tokens that are due (each write carries every event due by then). */
const TICK_MS = 4;
/** The last token of every long answer: a test can wait for it to appear on the page. */
export const LONG_MARKDOWN_END = ' Zq-end-of-answer.';

const WORDS = ['stream', 'render', 'block', 'answer', 'token', 'frame', 'panel', 'model', 'parse', 'table', 'list', 'quick', 'linear', 'cache', 'value'];
const word = (seed: number) => WORDS[seed % WORDS.length] as string;

function section(index: number): string {
  const sentence = (offset: number, length: number) =>
    Array.from({ length }, (_, position) => word(index * 7 + offset + position * 3)).join(' ');
  return [
    `## Section ${index}: ${word(index)} and ${word(index + 4)}`,
    '',
    `${sentence(1, 14)}, with **bold ${word(index + 2)}**, \`inline_code(${index})\` and a [link](https://example.com/docs/${index}). ${sentence(5, 18)}.`,
    '',
    `- ${sentence(2, 6)} *emphasis*`,
    `- ${sentence(3, 5)}`,
    `  - nested ${sentence(4, 4)}`,
    `  - nested \`${word(index + 6)}\``,
    `- ${sentence(6, 7)}`,
    '',
    `1. First ${sentence(7, 4)}`,
    `2. Then ${sentence(8, 5)}`,
    `3. Finally ${sentence(9, 3)}`,
    '',
    '```ts',
    `export function section${index}(items: readonly number[]): number {`,
    `  let total = ${index};`,
    '  for (const item of items) {',
    `    if (item % ${(index % 5) + 2} === 0) total += item * 2;`,
    '    else total -= item;',
    '  }',
    `  return total; // ${sentence(10, 3)}`,
    '}',
    '```',
    '',
    '| Name | Count | Share | Note |',
    '|---|---:|---:|---|',
    ...Array.from({ length: 5 }, (_, row) => `| ${word(index + row)} | ${index * 10 + row} | ${((row + 1) * 12.5).toFixed(1)}% | ${sentence(row, 3)} |`),
    '',
    `> ${sentence(11, 10)}.`,
    '',
    '',
  ].join('\n');
}

const TOKEN = /\n|[ \t]*[^\s]{1,6}|[ \t]+/g;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export interface LongMarkdown {
  tokens: string[];
  /** Whole sections: each has one code block and one table. */
  sections: number;
}

/** Exactly `count` tokens (at least 2): whole sections, filler words, then LONG_MARKDOWN_END. */
export function longMarkdown(count: number): LongMarkdown {
  const target = Math.max(2, Math.floor(count));
  const tokens: string[] = [];
  let sections = 0;
  for (;;) {
    const next = tokenize(section(sections));
    if (tokens.length + next.length + 1 > target) break;
    tokens.push(...next);
    sections += 1;
  }
  for (let index = 0; tokens.length < target - 1; index++) tokens.push(` ${word(index)}`);
  tokens.push(LONG_MARKDOWN_END);
  return { tokens, sections };
}

/** What one long stream did, in the mock's clock (epoch milliseconds, sub-millisecond precision). */
export interface LongStreamRecord {
  tokens: number;
  chars: number;
  sections: number;
  tokensPerSecond: number;
  /** Tokens written so far (updated while streaming). */
  sentTokens: number;
  firstByteAt?: number;
  /** After the write of the last byte of the response. */
  lastByteAt?: number;
}

export const epochNow = (): number => performance.timeOrigin + performance.now();

function chunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
  return `data: ${JSON.stringify({ id: 'chatcmpl-long-markdown', object: 'chat.completion.chunk', created: 1770933892, model: 'gpt-4.1-nano', choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Streams a long markdown answer at `tokensPerSecond` (paced against the clock, so the average rate
 * holds whatever the timer's resolution). `write` resolves false when the client went away.
 */
export async function streamLongMarkdown(write: (bytes: Uint8Array) => Promise<boolean>, options: { tokens?: number; tokensPerSecond?: number }, record: (entry: LongStreamRecord) => void): Promise<boolean> {
  const { tokens, sections } = longMarkdown(options.tokens ?? 20_000);
  const rate = options.tokensPerSecond ?? 2000;
  const entry: LongStreamRecord = { tokens: tokens.length, chars: tokens.join('').length, sections, tokensPerSecond: rate, sentTokens: 0 };
  record(entry);
  if (!(await write(encoder.encode(chunk({ role: 'assistant', content: '' }))))) return false;
  entry.firstByteAt = epochNow();
  const started = performance.now();
  while (entry.sentTokens < tokens.length) {
    const due = Math.min(tokens.length, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
    if (due > entry.sentTokens) {
      let frames = tokens
        .slice(entry.sentTokens, due)
        .map((token) => chunk({ content: token }))
        .join('');
      if (due === tokens.length) {
        frames += chunk({}, 'stop');
        frames += `data: ${JSON.stringify({ id: 'chatcmpl-long-markdown', object: 'chat.completion.chunk', created: 1770933892, model: 'gpt-4.1-nano', choices: [], usage: { prompt_tokens: 12, completion_tokens: tokens.length, total_tokens: tokens.length + 12 } })}\n\ndata: [DONE]\n\n`;
      }
      if (!(await write(encoder.encode(frames)))) return false;
      entry.sentTokens = due;
    }
    if (entry.sentTokens < tokens.length) await sleep(TICK_MS);
  }
  entry.lastByteAt = epochNow();
  return true;
}
