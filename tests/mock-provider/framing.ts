/**
 * Re-frames the recorded fixtures (one JSON payload a line) the way each provider's wire carries them.
 * Every function returns one byte chunk per event, so a caller can delay, split or cut between events.
 * Plain TypeScript that `node --experimental-strip-types` runs as is.
 */
import { readFileSync } from 'node:fs';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

export type WireProtocol = 'openai-chat' | 'anthropic' | 'gemini' | 'cohere' | 'bedrock' | 'ollama';

const encoder = new TextEncoder();

export function fixtureText(name: string): string {
  return readFileSync(new URL(`../fixtures/providers/${name}`, import.meta.url), 'utf8');
}

/** The JSON lines of a `*.chunks.txt` fixture. */
export function fixtureLines(name: string): string[] {
  return fixtureText(name)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function typeOf(line: string): string {
  const parsed: unknown = JSON.parse(line);
  const type = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)['type'] : undefined;
  return typeof type === 'string' ? type : 'message';
}

/** `data: <line>\n\n` per line; OpenAI-style streams end with `data: [DONE]`, Gemini's do not. */
export function sseDataFrames(lines: readonly string[], withDone: boolean): Uint8Array[] {
  const frames = lines.map((line) => encoder.encode(`data: ${line}\n\n`));
  if (withDone) frames.push(encoder.encode('data: [DONE]\n\n'));
  return frames;
}

/** `event: <type>\ndata: <line>\n\n`, the type taken from the payload (Anthropic, Cohere, Responses). */
export function sseTypedFrames(lines: readonly string[]): Uint8Array[] {
  return lines.map((line) => encoder.encode(`event: ${typeOf(line)}\ndata: ${line}\n\n`));
}

export function ndjsonFrames(lines: readonly string[]): Uint8Array[] {
  return lines.map((line) => encoder.encode(`${line}\n`));
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function stringHeader(value: string): { type: 'string'; value: string } {
  return { type: 'string', value };
}

/** One binary event-stream frame. */
export function bedrockFrame(messageType: 'event' | 'exception', type: string, payload: unknown): Uint8Array {
  const typeHeader = messageType === 'event' ? ':event-type' : ':exception-type';
  return codec.encode({
    headers: {
      ':message-type': stringHeader(messageType),
      [typeHeader]: stringHeader(type),
      ':content-type': stringHeader('application/json'),
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** Each fixture line is `{"<eventType>": payload}`. */
export function bedrockFrames(lines: readonly string[]): Uint8Array[] {
  return lines.map((line) => {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    const [eventType, payload] = Object.entries(parsed)[0] ?? ['unknown', {}];
    return bedrockFrame('event', eventType, payload);
  });
}

export function joinBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The normal replay of a fixture as a protocol carries it. */
export function framesFor(protocol: WireProtocol, fixture: string): Uint8Array[] {
  const lines = fixtureLines(fixture);
  switch (protocol) {
    case 'openai-chat':
      return sseDataFrames(lines, true);
    case 'gemini':
      return sseDataFrames(lines, false);
    case 'anthropic':
    case 'cohere':
      return sseTypedFrames(lines);
    case 'bedrock':
      return bedrockFrames(lines);
    case 'ollama':
      return ndjsonFrames(lines);
  }
}
