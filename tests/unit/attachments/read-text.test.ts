import { describe, expect, it } from 'vitest';
import { kindOf, precheck } from '@/src/attachments/read-attachment';
import { BinaryFileError, isTextFile, readTextFile } from '@/src/attachments/read-text';
import { ATTACHMENT_LIMITS } from '@/src/attachments/types';

describe('text files', () => {
  it('reads a file whole under the limit', async () => {
    expect(await readTextFile(new Blob(['# Notes\n\nfirst line']), 100)).toEqual({ text: '# Notes\n\nfirst line', truncated: false });
  });

  it('cuts at the character limit and says so', async () => {
    expect(await readTextFile(new Blob(['abcdefghij']), 4)).toEqual({ text: 'abcd', truncated: true });
  });

  it('reads only the bytes that can hold the limit, without a broken character at the cut', async () => {
    // Emoji are two UTF-16 units: a limit of 3 would cut the second in half; it is left out whole.
    const read = await readTextFile(new Blob(['😀😀😀😀']), 3);
    expect(read.truncated).toBe(true);
    expect(read.text).toBe('😀');
    expect(read.text).not.toContain('\uFFFD');
  });

  it('refuses a binary file named like text', async () => {
    await expect(readTextFile(new Blob([new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1])]))).rejects.toBeInstanceOf(BinaryFileError);
  });

  it('knows text files by type or extension', () => {
    expect(isTextFile({ name: 'data.csv', type: '' })).toBe(true);
    expect(isTextFile({ name: 'main.rs', type: 'application/octet-stream' })).toBe(true);
    expect(isTextFile({ name: 'Dockerfile', type: '' })).toBe(true);
    expect(isTextFile({ name: 'notes', type: 'text/plain' })).toBe(true);
    expect(isTextFile({ name: 'config.json', type: 'application/json' })).toBe(true);
    expect(isTextFile({ name: 'archive.zip', type: 'application/zip' })).toBe(false);
  });
});

describe('what a file is, before reading', () => {
  it('tells PDFs, images and text apart, and refuses what none of them is', () => {
    expect(kindOf({ name: 'a.pdf', type: 'application/pdf' })).toBe('pdf');
    expect(kindOf({ name: 'scan.pdf', type: '' })).toBe('pdf');
    expect(kindOf({ name: 'photo.jpg', type: 'image/jpeg' })).toBe('image');
    expect(kindOf({ name: 'readme.md', type: '' })).toBe('text');
    expect(kindOf({ name: 'photo.heic', type: 'image/heic' })).toBeUndefined();
    expect(precheck({ name: 'movie.mp4', type: 'video/mp4', size: 10 })).toBe('unsupported');
  });

  it('refuses a file over the size limit before reading it', () => {
    expect(precheck({ name: 'big.pdf', type: 'application/pdf', size: 200 * 1024 * 1024 })).toBe('too-large');
    expect(precheck({ name: 'ok.pdf', type: 'application/pdf', size: ATTACHMENT_LIMITS.maxFileBytes })).toBeUndefined();
  });
});
