import { Marked, type Token, type Tokens } from 'marked';
import { imageText } from './links';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const LINE_BREAK_TAG = /^<br\s*\/?>$/i;

/**
 * GitHub-flavoured markdown as models write it. Raw HTML in an answer is shown as text (only `<br>`,
 * common in table cells, is kept), and an image becomes plain text (its alt text and host), neither
 * loaded nor a link: an extension page must not fetch an address a model (or a page it read) chose,
 * and an image's address is the easiest place to hide a link in. The HTML this produces is still
 * sanitised before use, and its links are then decorated (links.ts).
 */
const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return LINE_BREAK_TAG.test(text.trim()) ? '<br>' : escapeHtml(text);
    },
    image({ href, text }: Tokens.Image): string {
      return `<span class="md-image">${escapeHtml(imageText(text, href))}</span>`;
    },
  },
});

/**
 * The two steps of rendering, on one object so tests can count calls: `lex` splits markdown into
 * top-level blocks, `renderBlock` turns one block into (unsanitised) HTML.
 */
export const markdownEngine = {
  lex(source: string): Token[] {
    return marked.lexer(source);
  },
  renderBlock(token: Token): string {
    return marked.parser([token]);
  },
};

export type { Token };
