/**
 * AWS binary event-stream frames (`application/vnd.amazon.eventstream`) from body bytes split anywhere.
 * Each frame starts with its total length, so bytes are buffered until a whole frame is there, then the
 * codec checks both CRCs and decodes it. A frame that announces more than MAX_EVENT_BYTES is damaged
 * (Bedrock's frames carry one small delta each) and fails before anything of it is buffered.
 */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { MAX_EVENT_BYTES } from '@/src/providers/limits';

export interface EventStreamFrame {
  /** String-valued headers only (`:message-type`, `:event-type`, `:exception-type`…). */
  headers: Record<string, string>;
  body: Uint8Array;
}

const PRELUDE_AND_CRC_BYTES = 16;

let sharedCodec: EventStreamCodec | undefined;
function codec(): EventStreamCodec {
  sharedCodec ??= new EventStreamCodec(toUtf8, fromUtf8);
  return sharedCodec;
}

/**
 * Bytes received and not yet framed, kept as the chunks they came in: joined only when a whole
 * frame is there, so a large frame arriving in small chunks is copied once, not once per chunk.
 */
class ByteQueue {
  private chunks: Uint8Array[] = [];
  length = 0;

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.length += chunk.byteLength;
  }

  /** The first `count` bytes (count ≤ length), without removing them. */
  peek(count: number): Uint8Array {
    const first = this.chunks[0];
    if (first !== undefined && first.byteLength >= count) return first.subarray(0, count);
    const out = new Uint8Array(count);
    let offset = 0;
    for (const chunk of this.chunks) {
      const part = chunk.subarray(0, Math.min(chunk.byteLength, count - offset));
      out.set(part, offset);
      offset += part.byteLength;
      if (offset === count) break;
    }
    return out;
  }

  /** Removes and returns the first `count` bytes (count ≤ length) as a copy. */
  take(count: number): Uint8Array {
    const first = this.chunks[0];
    const out = first !== undefined && first.byteLength >= count ? first.slice(0, count) : this.peek(count);
    let left = count;
    while (left > 0) {
      const head = this.chunks[0] as Uint8Array;
      if (head.byteLength <= left) {
        this.chunks.shift();
        left -= head.byteLength;
      } else {
        this.chunks[0] = head.subarray(left);
        left = 0;
      }
    }
    this.length -= count;
    return out;
  }
}

/** `corrupt` builds the error thrown for a damaged or truncated stream. */
export async function* eventStreamFrames(chunks: AsyncIterable<Uint8Array>, corrupt: () => Error): AsyncGenerator<EventStreamFrame> {
  const queue = new ByteQueue();
  for await (const chunk of chunks) {
    queue.push(chunk.slice()); // a copy: the caller may reuse its buffer
    while (queue.length >= 4) {
      const prelude = queue.peek(4);
      const total = new DataView(prelude.buffer, prelude.byteOffset, 4).getUint32(0, false);
      // Ending the iteration of `chunks` cancels the request (http.ts).
      if (total < PRELUDE_AND_CRC_BYTES || total > MAX_EVENT_BYTES) throw corrupt();
      if (queue.length < total) break;
      const frame = queue.take(total);
      let decoded;
      try {
        decoded = codec().decode(frame);
      } catch {
        throw corrupt();
      }
      const headers: Record<string, string> = {};
      for (const [name, header] of Object.entries(decoded.headers)) {
        if (header.type === 'string') headers[name] = header.value;
      }
      yield { headers, body: decoded.body };
    }
  }
  if (queue.length > 0) throw corrupt();
}
