import { responseTooLarge, type ErrorContext } from '@/src/providers/errors';
import { MAX_EVENT_BYTES } from '@/src/providers/limits';

const NEWLINE = 0x0a;

/**
 * Lines of newline-delimited JSON from raw body bytes: split anywhere, CRLF or LF, last line with
 * or without its newline. Blank lines are skipped. Each line is returned as text; the caller parses it.
 *
 * Newlines are looked for in each new chunk only, and a line's pieces are joined once when it ends,
 * so a long line costs linear time (re-splitting the growing buffer on every chunk was quadratic).
 * A newline byte is never part of a multi-byte UTF-8 character, so whole lines decode exactly.
 * A line longer than MAX_EVENT_BYTES fails with 'response-too-large'.
 */
export async function* ndjsonLines(chunks: AsyncIterable<Uint8Array>, ctx?: ErrorContext): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pieces: Uint8Array[] = [];
  let pendingBytes = 0;
  const takeLine = (last: Uint8Array): string => {
    const bytes = pieces.length === 0 ? last : join([...pieces, last], pendingBytes + last.byteLength);
    pieces = [];
    pendingBytes = 0;
    return decoder.decode(bytes).trim();
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let newline = chunk.indexOf(NEWLINE); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
      if (pendingBytes + newline - start > MAX_EVENT_BYTES) throw responseTooLarge(ctx, 'event');
      const line = takeLine(chunk.subarray(start, newline));
      start = newline + 1;
      if (line !== '') yield line;
    }
    if (start < chunk.byteLength) {
      pieces.push(chunk.slice(start)); // a copy: the caller may reuse its buffer
      pendingBytes += chunk.byteLength - start;
      // Ending the iteration of `chunks` cancels the request (http.ts).
      if (pendingBytes > MAX_EVENT_BYTES) throw responseTooLarge(ctx, 'event');
    }
  }
  const last = takeLine(new Uint8Array(0));
  if (last !== '') yield last;
}

function join(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
