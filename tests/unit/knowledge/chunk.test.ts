import { describe, expect, test } from 'vitest';
import { chunkMarkdown, chunkPdfPages, chunkPlainText, CHUNK_LIMITS, embeddingInput, headingText, markdownSections } from '@/src/knowledge/chunk';

const sentence = (n: number) => `Sentence number ${n} talks about topic ${n % 7} in some detail.`;
const paragraph = (from: number, count: number) => Array.from({ length: count }, (_, i) => sentence(from + i)).join(' ');

describe('markdown sections', () => {
  test('each section carries the path of headings above it, a deeper heading nests, a same-level one replaces', () => {
    const source = ['Intro text.', '# Guide', 'About the guide.', '## Install', 'Run the installer.', '### On Linux', 'Use the package.', '## Use', 'Open it.', '# Appendix', 'More.'].join('\n');
    const sections = markdownSections(source);
    expect(sections.map((section) => section.headingPath)).toEqual([[], ['Guide'], ['Guide', 'Install'], ['Guide', 'Install', 'On Linux'], ['Guide', 'Use'], ['Appendix']]);
    // Offsets point at the body in the source.
    for (const section of sections) expect(source.slice(section.offset, section.offset + section.text.length)).toBe(section.text);
  });

  test('a # line inside fenced code is not a heading', () => {
    const source = '# Real\n```sh\n# a comment\necho hi\n```\nafter';
    expect(markdownSections(source).map((section) => section.headingPath)).toEqual([['Real']]);
  });

  test('heading text loses link and emphasis marks', () => {
    expect(headingText('The **[install](https://x.test/a)** _step_')).toBe('The install step');
  });
});

describe('chunking', () => {
  test('a long section is cut into chunks of at most the maximum, overlapping, covering all of its text', () => {
    const body = Array.from({ length: 30 }, (_, i) => paragraph(i * 10, 10)).join('\n\n');
    const source = `# Long\n${body}`;
    const chunks = chunkMarkdown(source);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(CHUNK_LIMITS.maxChars);
      expect(chunk.text.length).toBeGreaterThan(CHUNK_LIMITS.targetChars / 2 - CHUNK_LIMITS.overlapChars);
      expect(chunk.headingPath).toEqual(['Long']);
      expect(source.slice(chunk.start, chunk.end)).toBe(chunk.text);
    }
    for (let i = 1; i < chunks.length; i++) {
      const previous = chunks[i - 1]!;
      const current = chunks[i]!;
      // Overlap: the next chunk starts inside the previous one, never more than the overlap back.
      expect(current.start).toBeLessThan(previous.end);
      expect(previous.end - current.start).toBeLessThanOrEqual(CHUNK_LIMITS.overlapChars);
    }
    // Nothing lost: every sentence is whole in some chunk.
    for (let n = 0; n < 300; n++) expect(chunks.some((chunk) => chunk.text.includes(sentence(n)))).toBe(true);
    expect(chunks[chunks.length - 1]!.end).toBe(source.trimEnd().length);
  });

  test('cuts fall on sentence or paragraph boundaries when there are any', () => {
    const chunks = chunkPlainText(paragraph(0, 200));
    for (const chunk of chunks.slice(0, -1)) expect(chunk.text.endsWith('.')).toBe(true);
  });

  test('text with no spaces at all is still cut at the maximum', () => {
    const chunks = chunkPlainText('x'.repeat(10_000));
    expect(chunks.every((chunk) => chunk.text.length <= CHUNK_LIMITS.maxChars)).toBe(true);
    expect(chunks.reduce((sum, chunk) => sum + chunk.text.length, 0)).toBeGreaterThanOrEqual(10_000);
  });

  test('short sections stay one chunk each with their own heading; empty sections give none', () => {
    const chunks = chunkMarkdown('# A\nalpha\n# Empty\n\n# B\n## C\ngamma');
    expect(chunks.map((chunk) => [chunk.headingPath, chunk.text])).toEqual([
      [['A'], 'alpha'],
      [['B', 'C'], 'gamma'],
    ]);
  });

  test('plain text does not read # lines as headings', () => {
    expect(chunkPlainText('# not a heading\ntext')[0]).toMatchObject({ headingPath: [], text: '# not a heading\ntext' });
  });

  test('PDF chunks keep their page and never span two pages', () => {
    const pages = ['First page words.', '', paragraph(0, 150), 'Last page.'];
    const chunks = chunkPdfPages(pages);
    expect(chunks[0]).toMatchObject({ page: 1, text: 'First page words.', start: 0 });
    expect(chunks.some((chunk) => chunk.page === 2)).toBe(false);
    const third = chunks.filter((chunk) => chunk.page === 3);
    expect(third.length).toBeGreaterThan(1);
    for (const chunk of third) expect(pages[2]!.slice(chunk.start, chunk.end)).toBe(chunk.text);
    expect(chunks[chunks.length - 1]).toMatchObject({ page: 4, text: 'Last page.' });
  });

  test('the embedding input names the item and the headings', () => {
    expect(embeddingInput('Manual', { text: 'body', headingPath: ['Install', 'Linux'] })).toBe('Manual > Install > Linux\n\nbody');
    expect(embeddingInput('', { text: 'body', headingPath: [] })).toBe('body');
  });
});
