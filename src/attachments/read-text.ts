import { ATTACHMENT_LIMITS } from './types';

/**
 * Text files read as text: plain text, Markdown, CSV, JSON and source code, known by their type or,
 * since browsers give many of them no type (or application/octet-stream), by their extension.
 */
const TEXT_TYPES = /^(text\/|application\/(json|ld\+json|xml|javascript|x-javascript|ecmascript|typescript|x-typescript|x-sh|x-python|sql|x-yaml|yaml|toml|x-toml|csv|graphql|x-httpd-php|x-tex))/i;

const TEXT_EXTENSIONS = new Set(
  (
    'txt text md markdown mdx rst adoc org csv tsv json jsonl ndjson json5 yaml yml toml ini cfg conf env log xml svg html htm css scss sass less ' +
    'js mjs cjs jsx ts mts cts tsx vue svelte astro py pyi rb php pl pm lua r jl go rs c h cc cpp cxx hpp hh cs java kt kts scala swift m mm dart ' +
    'sh bash zsh fish ps1 bat cmd sql graphql gql proto tf hcl gradle cmake make mk dockerfile gitignore editorconfig tex bib ex exs erl hrl hs elm clj cljs edn ' +
    'ml mli fs fsx vb asm s nim zig v sol patch diff'
  ).split(' '),
);

/** File names that are text without an extension. */
const TEXT_NAMES = new Set(['dockerfile', 'makefile', 'license', 'readme', 'changelog', 'gemfile', 'procfile', 'justfile']);

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function isTextFile(file: { name: string; type: string }): boolean {
  if (TEXT_TYPES.test(file.type)) return true;
  const extension = extensionOf(file.name);
  if (extension) return TEXT_EXTENSIONS.has(extension);
  return TEXT_NAMES.has(file.name.toLowerCase());
}

export interface TextRead {
  text: string;
  /** The file had more than `maxChars` characters: `text` is its start. */
  truncated: boolean;
}

/** The file holds bytes no text file has (a NUL in its first 8 KB): a binary file named like text. */
export class BinaryFileError extends Error {
  constructor() {
    super('binary file');
    this.name = 'BinaryFileError';
  }
}

/**
 * Reads a text file as UTF-8 (a byte order mark dropped, invalid bytes replaced), cut at `maxChars`
 * characters. Only the bytes that can hold them are read (UTF-8 takes at most 4 bytes a character),
 * so a large log file is not read whole to keep its start.
 */
export async function readTextFile(file: Blob, maxChars: number = ATTACHMENT_LIMITS.maxTextChars): Promise<TextRead> {
  const head = new Uint8Array(await file.slice(0, 8192).arrayBuffer());
  if (head.includes(0)) throw new BinaryFileError();
  const cut = file.size > maxChars * 4;
  const bytes = await (cut ? file.slice(0, maxChars * 4) : file).arrayBuffer();
  // stream: true keeps a character split at the byte cut from turning into a replacement character.
  const decoded = new TextDecoder('utf-8').decode(bytes, { stream: cut });
  if (decoded.length <= maxChars) return { text: decoded, truncated: cut };
  // Never split a surrogate pair at the cut.
  const end = isHighSurrogate(decoded.charCodeAt(maxChars - 1)) ? maxChars - 1 : maxChars;
  return { text: decoded.slice(0, end), truncated: true };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
