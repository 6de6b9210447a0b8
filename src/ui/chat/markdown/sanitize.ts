import DOMPurify, { type Config } from 'dompurify';

const ALLOWED_TAGS = [
  'a', 'b', 'blockquote', 'br', 'code', 'del', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'input', 'li', 'ol', 'p',
  'pre', 's', 'span', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
];
const ALLOWED_ATTR = ['href', 'title', 'class', 'align', 'start', 'type', 'checked', 'disabled'];
/** Web and mail links only: no `javascript:`, `data:` or extension-relative addresses. */
const SAFE_URL = /^(?:https?:|mailto:)/i;

const CONFIG: Config & { RETURN_DOM_FRAGMENT: true } = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOWED_URI_REGEXP: SAFE_URL,
  // Attributes that hold no address: DOMPurify would otherwise test their values against SAFE_URL.
  ADD_URI_SAFE_ATTR: ['align', 'start', 'type'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  RETURN_DOM_FRAGMENT: true,
};

type Purifier = ReturnType<typeof DOMPurify>;
let purifier: Purifier | null | undefined;

/**
 * The instance's config is set once (setConfig), not passed per call: DOMPurify rebuilds its allow
 * lists on every call given a config: the largest JavaScript cost in a profile of a streaming answer.
 * Its typings do not know a set config returns fragments; works() checks that it does.
 */
const sanitizeWith = (instance: Purifier, html: string): DocumentFragment => instance.sanitize(html) as unknown as DocumentFragment;

/** True when this DOMPurify really strips what it must here (it cannot in some non-browser DOMs). */
function works(instance: Purifier): boolean {
  if (!instance.isSupported) return false;
  // No inline event handler in the probe: Chrome reports parsing one as a CSP violation, even inert.
  const probe = sanitizeWith(instance, '<p>a</p><script>x</script><a href="javascript:void 0" title="t">l</a><i>c</i>');
  if (!(probe instanceof DocumentFragment)) return false;
  const holder = document.createElement('div');
  holder.append(probe);
  const link = holder.querySelector('a');
  return holder.querySelector('script') === null && link !== null && !link.hasAttribute('href') && link.title === 't' && holder.querySelector('i') !== null;
}

function getPurifier(): Purifier | null {
  if (purifier !== undefined) return purifier;
  const instance = DOMPurify(window);
  instance.setConfig(CONFIG);
  instance.addHook('afterSanitizeAttributes', (node) => {
    // Markdown task lists render checkboxes; nothing else may be an input, and none can be changed.
    if (node.nodeName === 'INPUT') {
      node.setAttribute('type', 'checkbox');
      node.setAttribute('disabled', '');
    }
    if (node.nodeName === 'A' && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  purifier = works(instance) ? instance : null;
  return purifier;
}

/**
 * Sanitised DOM for HTML produced from model output: only the tags markdown needs, safe links only.
 * Should DOMPurify not work in this DOM, the HTML is shown as plain text rather than inserted.
 */
export function sanitizeToFragment(html: string): DocumentFragment {
  const instance = getPurifier();
  if (instance) return sanitizeWith(instance, html);
  const fragment = document.createDocumentFragment();
  fragment.append(document.createTextNode(html));
  return fragment;
}
