/**
 * How much a provider's answer may make the worker read and hold. A hostile or broken server can
 * otherwise send data without end: lines that never become an event grow the parser's buffer, and
 * an endless stream keeps the worker busy forever. Past these limits the request is cancelled and
 * the answer fails with 'response-too-large'; the text that arrived before is kept.
 */

/**
 * Raw bytes of one response. The chat cuts an answer at MAX_ANSWER_CHARS (1,000,000 characters,
 * src/chat/chat-streams.ts); streamed one token (about 4 characters) per event of about 300 bytes,
 * as OpenAI-style servers do, that is about 75 MB on the wire. The limit sits above it, so a long
 * but real answer still ends at the character cap with its clear message, and only a server that
 * sends far more than any answer reaches this one.
 */
export const MAX_RESPONSE_BYTES = 128 * 1024 * 1024;

/**
 * One SSE event (its buffered lines) or NDJSON line, in characters, and one event-stream frame, in
 * bytes. The largest real events repeat a whole answer: OpenAI Responses' `response.completed` and
 * `output_text.done` carry the full text, up to 1,000,000 characters (about 3 MB as UTF-8 when it is
 * all CJK, plus JSON escapes). Everything else is a few kilobytes. The parser holds at most this
 * much (plus one network chunk) before it gives up.
 */
export const MAX_EVENT_BYTES = 8 * 1024 * 1024;

export function megabytes(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}
