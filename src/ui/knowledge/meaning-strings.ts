/**
 * Search history by meaning's words (issue 19): a part of the UI's facade (src/ui/strings.ts) kept
 * apart because only the history view's lazy part uses them, so they stay out of the popup's and
 * the side panel's first paint (scripts/check-sizes.mjs). Same messages, same number handling.
 */
import { formatCount, formatNumber } from '@/src/shared/i18n/format';
import { t } from '@/src/shared/i18n/text';

export const meaningStrings = {
  get toggle() { return t('historyMeaning_toggle'); },
  get heading() { return t('historyMeaning_heading'); },
  get explain() { return t('historyMeaning_explain'); },
  get model() { return t('historyMeaning_model'); },
  get noModels() { return t('historyMeaning_noModels'); },
  get start() { return t('historyMeaning_start'); },
  get estimating() { return t('historyMeaning_estimating'); },
  confirmCost: (messages: number, tokens: number, model: string, cost: string | null) =>
    cost === null
      ? t('historyMeaning_confirmUnpriced', formatCount(messages), formatNumber(tokens), model)
      : t('historyMeaning_confirmCost', formatCount(messages), formatNumber(tokens), model, cost),
  get confirmStart() { return t('historyMeaning_confirmStart'); },
  get back() { return t('historyMeaning_back'); },
  get progressLabel() { return t('historyMeaning_progressLabel'); },
  progress: (done: number, total: number, model: string) => t('historyMeaning_progress', formatCount(done), formatCount(total), model),
  get running() { return t('historyMeaning_state_running'); },
  get paused() { return t('historyMeaning_state_paused'); },
  get done() { return t('historyMeaning_state_done'); },
  failed: (reason: string) => t('historyMeaning_state_failed', reason),
  get pause() { return t('historyMeaning_pause'); },
  get resume() { return t('historyMeaning_resume'); },
  get cancel() { return t('historyMeaning_cancel'); },
  get changeModel() { return t('historyMeaning_changeModel'); },
  confirmChange: (model: string) => t('historyMeaning_confirmChange', model),
  get confirmChangeButton() { return t('historyMeaning_confirmChangeButton'); },
};
