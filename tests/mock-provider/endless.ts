/**
 * A hostile answer that never lets a parser finish an event (issue 11, finding 9): after a few real
 * OpenAI chat events, `data:` lines that never get their closing blank line (`endless-event`), or
 * one `data:` line that never ends (`endless-line`), as fast as the client reads, until
 * `totalBytes` were sent or the client hangs up.
 */

const encoder = new TextEncoder();
/** Bytes per write: big enough to stream 150 MB over loopback in a second or two. */
const WRITE_BYTES = 256 * 1024;
export const DEFAULT_ENDLESS_BYTES = 150 * 1024 * 1024;

/** Streams through `write` (false once the client is gone); true when all `totalBytes` went out. */
export async function streamEndless(
  write: (bytes: Uint8Array) => Promise<boolean>,
  shape: 'endless-event' | 'endless-line',
  totalBytes = DEFAULT_ENDLESS_BYTES,
): Promise<boolean> {
  // One data line of WRITE_BYTES, or a slice of the one endless line: the same bytes every time.
  const payload = 'A'.repeat(WRITE_BYTES - 7);
  const chunk = encoder.encode(shape === 'endless-event' ? `data: ${payload}\n` : `${payload}AAAAAAA`);
  let sent = 0;
  if (shape === 'endless-line') {
    const opening = encoder.encode('data: ');
    if (!(await write(opening))) return false;
    sent += opening.byteLength;
  }
  while (sent < totalBytes) {
    if (!(await write(chunk))) return false;
    sent += chunk.byteLength;
  }
  return true;
}
