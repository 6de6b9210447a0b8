/**
 * Chunking of collection items with their structure (issue 19): Markdown and saved pages by their
 * headings (each chunk carries the path of headings it sits under, so a citation can open the page
 * at that heading), PDFs by page (a chunk never spans two pages, so a citation names one page).
 * A section longer than a chunk is cut at paragraph, then sentence, then word boundaries, and each
 * piece repeats the end of the one before (the overlap), so a sentence cut in two is whole in one.
 *
 * Sizes are in characters, at about 4 per token (English prose; the embedding call reports the
 * real count): chunks of at most ~1000 tokens, aimed at ~750, with ~100 tokens of overlap.
 */

export const CHARS_PER_TOKEN = 4;
export const CHUNK_LIMITS = {
  /** A chunk never exceeds this (≈1000 tokens). */
  maxChars: 1000 * CHARS_PER_TOKEN,
  /** Where a long section is cut when a boundary is near (≈750 tokens). */
  targetChars: 750 * CHARS_PER_TOKEN,
  /** Text of the previous piece repeated at the start of the next (≈100 tokens). */
  overlapChars: 100 * CHARS_PER_TOKEN,
} as const;

export interface ChunkDraft {
  /** The chunk's text, as stored and shown (the heading path goes with it only into the embedding). */
  text: string;
  /** Headings above the chunk, outermost first (empty before the first heading, and for PDFs). */
  headingPath: string[];
  /** 1-based page of a PDF. */
  page?: number;
  /** Where the chunk sits in its section's source: the item's text, or for a PDF its page's text. */
  start: number;
  end: number;
}

export interface ChunkSizes {
  maxChars: number;
  targetChars: number;
  overlapChars: number;
}

interface Section {
  headingPath: string[];
  /** The section's body (without its heading line), and where it starts in the source. */
  text: string;
  offset: number;
  page?: number;
}

const ATX_HEADING = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/;
const FENCE = /^(```|~~~)/;

/** A Markdown heading's text as a reader sees it (links and emphasis marks dropped). */
export function headingText(raw: string): string {
  return raw
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Splits Markdown into sections at ATX headings (not inside fenced code), each with its heading path. */
export function markdownSections(source: string): Section[] {
  const sections: Section[] = [];
  const path: { level: number; text: string }[] = [];
  let bodyStart = 0;
  let inFence = false;
  let position = 0;
  const close = (end: number) => {
    const text = source.slice(bodyStart, end);
    if (text.trim()) sections.push({ headingPath: path.map((entry) => entry.text), text, offset: bodyStart });
  };
  for (const line of source.split('\n')) {
    const lineEnd = position + line.length;
    if (FENCE.test(line.trim())) inFence = !inFence;
    const match = inFence ? null : ATX_HEADING.exec(line);
    if (match) {
      close(position);
      const level = (match[1] as string).length;
      while (path.length && (path[path.length - 1] as { level: number }).level >= level) path.pop();
      const text = headingText(match[2] as string);
      if (text) path.push({ level, text });
      bodyStart = Math.min(source.length, lineEnd + 1);
    }
    position = lineEnd + 1;
  }
  close(source.length);
  return sections;
}

/** The best place at or before `limit` (and after `floor`) to cut `text`: a blank line, a line end, a sentence end, a space. */
function cutPoint(text: string, floor: number, limit: number): number {
  const window = text.slice(floor, limit);
  for (const pattern of [/\n\s*\n/g, /\n/g, /[.!?。][)"'\]]?\s/g, /\s/g]) {
    let last = -1;
    for (const match of window.matchAll(pattern)) last = match.index + match[0].length;
    if (last > 0) return floor + last;
  }
  return limit;
}

/** Where the overlap starts: `overlap` characters before `end`, moved forward to a word's start. */
function overlapStart(text: string, start: number, end: number, overlap: number): number {
  if (overlap <= 0) return end;
  let from = Math.max(start + 1, end - overlap);
  while (from < end && !/\s/.test(text[from - 1] as string)) from++;
  return from >= end ? end : from;
}

/** Cuts one section into chunks of at most maxChars, overlapping. Whitespace-only pieces are dropped. */
function splitSection(section: Section, sizes: ChunkSizes): ChunkDraft[] {
  const { text } = section;
  const drafts: ChunkDraft[] = [];
  const push = (from: number, to: number) => {
    // Trimmed, with offsets that still point at the trimmed text in the source.
    const raw = text.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (!body) return;
    const draft: ChunkDraft = { text: body, headingPath: section.headingPath, start: section.offset + from + lead, end: section.offset + from + lead + body.length };
    if (section.page !== undefined) draft.page = section.page;
    drafts.push(draft);
  };
  let start = 0;
  while (start < text.length) {
    if (text.length - start <= sizes.maxChars) {
      push(start, text.length);
      break;
    }
    // Cut near the target if a boundary is there, else as late as the maximum allows.
    const floor = start + Math.floor(sizes.targetChars / 2);
    let end = cutPoint(text, floor, start + sizes.targetChars);
    if (end === start + sizes.targetChars) end = cutPoint(text, floor, start + sizes.maxChars);
    push(start, end);
    const next = overlapStart(text, start, end, sizes.overlapChars);
    start = next > start ? next : end;
  }
  return drafts;
}

/** Chunks of a Markdown text (a saved page, a .md file, a plain text file: one without headings is one section). */
export function chunkMarkdown(source: string, sizes: ChunkSizes = CHUNK_LIMITS): ChunkDraft[] {
  return markdownSections(source).flatMap((section) => splitSection(section, sizes));
}

/** Chunks of a plain text file: no headings read into it (a line starting with # is text there). */
export function chunkPlainText(source: string, sizes: ChunkSizes = CHUNK_LIMITS): ChunkDraft[] {
  return splitSection({ headingPath: [], text: source, offset: 0 }, sizes);
}

/** Chunks of a PDF's pages (index 0 is page 1): each page on its own, offsets within its page. */
export function chunkPdfPages(pages: readonly string[], sizes: ChunkSizes = CHUNK_LIMITS): ChunkDraft[] {
  return pages.flatMap((text, index) => splitSection({ headingPath: [], text, offset: 0, page: index + 1 }, sizes));
}

/** What is embedded for a chunk: the item's title and the heading path give a short chunk its subject. */
export function embeddingInput(title: string, chunk: Pick<ChunkDraft, 'text' | 'headingPath' | 'page'>): string {
  const where = [title, ...chunk.headingPath].filter(Boolean).join(' > ');
  return where ? `${where}\n\n${chunk.text}` : chunk.text;
}
