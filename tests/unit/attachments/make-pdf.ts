import { createHash } from 'node:crypto';

/**
 * Tiny valid PDFs written by hand for the tests (no PDF library in the project): pages with text in
 * Helvetica, pages with only a drawn rectangle (a "scan" without a text layer), and a PDF that
 * needs a password (the standard security handler, revision 2, RC4 40-bit: PDF 1.7, 7.6.3).
 */

function escape(text: string): string {
  return text.replace(/[\\()]/g, (char) => `\\${char}`);
}

/** A page's content stream: each line of text on its own line of the page, or a filled box. */
function content(page: string[] | 'drawing'): string {
  if (page === 'drawing') return '0.5 g 72 72 300 400 re f';
  return ['BT', '/F1 12 Tf', '14 TL', '72 720 Td', ...page.map((line) => `(${escape(line)}) Tj T*`), 'ET'].join('\n');
}

function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = Array.from({ length: 256 }, (_, index) => index);
  let j = 0;
  for (let i = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = new Uint8Array(data.length);
  let i = 0;
  j = 0;
  for (let n = 0; n < data.length; n++) {
    i = (i + 1) & 255;
    j = (j + s[i]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 255]!;
  }
  return out;
}

const PAD = Uint8Array.from([0x28, 0xbf, 0x4e, 0x5e, 0x4e, 0x75, 0x8a, 0x41, 0x64, 0x00, 0x4e, 0x56, 0xff, 0xfa, 0x01, 0x08, 0x2e, 0x2e, 0x00, 0xb6, 0xd0, 0x68, 0x3e, 0x80, 0x2f, 0x0c, 0xa9, 0xfe, 0x64, 0x53, 0x69, 0x7a]);

function padded(password: string): Uint8Array {
  const bytes = new TextEncoder().encode(password).slice(0, 32);
  const out = new Uint8Array(32);
  out.set(bytes);
  out.set(PAD.slice(0, 32 - bytes.length), bytes.length);
  return out;
}

const md5 = (...parts: Uint8Array[]) => new Uint8Array(createHash('md5').update(Buffer.concat(parts)).digest());
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The /Encrypt dictionary for a user password (revision 2): the file then opens only with it. */
function encryption(userPassword: string, id: Uint8Array): string {
  const owner = rc4(md5(padded('owner secret')).slice(0, 5), padded(userPassword));
  const permissions = -4;
  const p = new Uint8Array(4);
  new DataView(p.buffer).setInt32(0, permissions, true);
  const key = md5(padded(userPassword), owner, p, id).slice(0, 5);
  const user = rc4(key, PAD);
  return `<< /Filter /Standard /V 1 /R 2 /O <${hex(owner)}> /U <${hex(user)}> /P ${permissions} >>`;
}

export interface PdfOptions {
  /** Set: the file needs this password to open (its content streams are left unencrypted: it never opens here). */
  userPassword?: string;
}

/** A PDF with one page per entry: lines of text, or 'drawing' for a page without text. */
export function makePdf(pages: (string[] | 'drawing')[], options: PdfOptions = {}): Uint8Array {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) ;
  add('<< /Type /Catalog /Pages 2 0 R >>');
  const kids = pages.map((_, index) => `${4 + index * 2} 0 R`).join(' ');
  add(`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`);
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  pages.forEach((page, index) => {
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + index * 2} 0 R >>`);
    const stream = content(page);
    add(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  });
  const id = md5(new TextEncoder().encode(`keyward test ${pages.length}`));
  if (options.userPassword !== undefined) add(encryption(options.userPassword, id));
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(out.length);
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  const encrypt = options.userPassword !== undefined ? ` /Encrypt ${objects.length} 0 R` : '';
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${encrypt} /ID [<${hex(id)}> <${hex(id)}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}
