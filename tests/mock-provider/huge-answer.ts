/**
 * A huge answer: OpenAI chat completion chunks of plain paragraphs, as fast as the client reads
 * them, until `totalChars` characters were sent (then a normal finish) or the client hangs up.
 * It tests what the extension does with an answer far beyond any model's output limit.
 */

const encoder = new TextEncoder();
/** Characters of text per SSE event. */
const DELTA_CHARS = 16_384;
export const DEFAULT_HUGE_CHARS = 20_000_000;

function paragraph(index: number): string {
  const line = `Paragraph ${index}: the quick brown fox jumps over the lazy dog, again and again and again. `;
  return `${line.repeat(Math.ceil(DELTA_CHARS / line.length)).slice(0, DELTA_CHARS - 2)}\n\n`;
}

function event(payload: unknown): Uint8Array {
  return encoder.encode(`data: ${JSON.stringify(payload)}\n\n`);
}

function delta(index: number, content: string, finish: string | null = null): Uint8Array {
  return event({ id: 'chatcmpl-huge', object: 'chat.completion.chunk', created: 0, model: 'mock-huge', choices: [{ index: 0, delta: { content }, finish_reason: finish }] });
}

/** Streams the answer through `write` (false once the client is gone); true when it was sent whole. */
export async function streamHugeAnswer(write: (bytes: Uint8Array) => Promise<boolean>, totalChars = DEFAULT_HUGE_CHARS): Promise<boolean> {
  let sent = 0;
  for (let index = 0; sent < totalChars; index++) {
    const text = paragraph(index).slice(0, totalChars - sent);
    if (!(await write(delta(index, text)))) return false;
    sent += text.length;
  }
  if (!(await write(delta(-1, '', 'stop')))) return false;
  return write(encoder.encode('data: [DONE]\n\n'));
}
