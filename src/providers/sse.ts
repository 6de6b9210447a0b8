import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser';
import { responseTooLarge, type ErrorContext } from '@/src/providers/errors';
import { MAX_EVENT_BYTES } from '@/src/providers/limits';

export type SseMessage = EventSourceMessage;

/**
 * Server-sent events from raw body bytes. Bytes are decoded with `stream: true`, so a UTF-8
 * character split across two chunks survives; comments (`: keep-alive`) are dropped by the parser.
 * An event whose lines (or one line) pass MAX_EVENT_BYTES characters before it ends fails with
 * 'response-too-large': the parser buffers them, so without a cap a server that never sends the
 * blank line would fill the worker's memory.
 */
export async function* sseMessages(chunks: AsyncIterable<Uint8Array>, ctx?: ErrorContext): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  const ready: SseMessage[] = [];
  let overflow = false;
  const parser = createParser({
    onEvent: (message) => ready.push(message),
    onError: (error: ParseError) => {
      if (error.type === 'max-buffer-size-exceeded') overflow = true;
    },
    // Counted in characters of decoded text: never more than the bytes they came from.
    maxBufferSize: MAX_EVENT_BYTES,
  });
  const feed = (text: string): void => {
    parser.feed(text);
    // Ending the iteration of `chunks` cancels the request (http.ts).
    if (overflow) throw responseTooLarge(ctx, 'event');
  };
  for await (const chunk of chunks) {
    feed(decoder.decode(chunk, { stream: true }));
    yield* ready.splice(0);
  }
  // A last event without its closing blank line still counts.
  feed(`${decoder.decode()}\n\n`);
  yield* ready.splice(0);
}
