/**
 * The words of the attachment chips (issue 16), a part of the UI's facade (src/ui/strings.ts) kept
 * apart because only the chips use them: they load with the first attachment, not before the
 * popup's first paint (scripts/check-sizes.mjs). Same messages, same number and plural handling.
 */
import { formatCount, formatNumber } from '@/src/shared/i18n/format';
import { plural, t } from '@/src/shared/i18n/text';

export const attachmentStrings = {
  get listLabel() { return t('chat_attach_listLabel'); },
  remove: (name: string) => t('chat_attach_remove', name),
  get reading() { return t('chat_attach_reading'); },
  tooMany: (left: number, max: number) => plural('chat_attach_tooMany', left, formatCount(max)),
  get sentAsImage() { return t('chat_attach_sentAsImage'); },
  get sentAsPdf() { return t('chat_attach_sentAsPdf'); },
  get sentAsText() { return t('chat_attach_sentAsText'); },
  sentAsTextPages: (pages: number) => plural('chat_attach_sentAsTextPages', pages),
  sentAsPageImages: (pages: number) => plural('chat_attach_sentAsPageImages', pages),
  get locationRemoved() { return t('chat_attach_locationRemoved'); },
  get metadataRemoved() { return t('chat_attach_metadataRemoved'); },
  downscaled: (width: number, height: number) => t('chat_attach_downscaled', `${formatCount(width)}×${formatCount(height)}`),
  truncated: (chars: number) => t('chat_attach_truncated', formatCount(chars)),
  pdfPagesLeft: (pages: number) => t('chat_attach_pdfPagesLeft', formatCount(pages)),
  tokens: (tokens: number) => t('chat_attach_tokens', formatCount(tokens)),
  get free() { return t('chat_attach_free'); },
  get priceUnknown() { return t('chat_attach_priceUnknown'); },
  problem: {
    tooLarge: (max: string) => t('chat_attach_problem_tooLarge', max),
    get unsupported() { return t('chat_attach_problem_unsupported'); },
    get corruptImage() { return t('chat_attach_problem_corruptImage'); },
    imageTooLarge: (max: string) => t('chat_attach_problem_imageTooLarge', max),
    get pdfEncrypted() { return t('chat_attach_problem_pdfEncrypted'); },
    get pdfDamaged() { return t('chat_attach_problem_pdfDamaged'); },
    get binaryText() { return t('chat_attach_problem_binaryText'); },
    get readFailed() { return t('chat_attach_problem_readFailed'); },
    cannotSee: (model: string, seeing: readonly string[]) =>
      seeing.length > 0 ? t('chat_attach_problem_cannotSee', model, seeing.join(', ')) : t('chat_attach_problem_cannotSeeNone', model),
  },
};

/** File sizes: "812 B", "24 kB", "3.4 MB" (decimal units, as the operating systems' file managers show them). */
export function formatBytes(bytes: number): string {
  const [value, unit] = bytes < 1000 ? [bytes, 'byte'] : bytes < 1_000_000 ? [bytes / 1000, 'kilobyte'] : [bytes / 1_000_000, 'megabyte'];
  // Bytes spelled out ("890 bytes"): the short form of the unit is "byte" in English, whatever the number.
  return formatNumber(value, { style: 'unit', unit, unitDisplay: unit === 'byte' ? 'long' : 'short', maximumFractionDigits: value < 10 && unit !== 'byte' ? 1 : 0 });
}
