import { strings } from '@/src/ui/strings';

/** The span after a link's text that names where the link really goes. */
export const LINK_HOST_CLASS = 'link-host';

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** The address of a link in an answer, when it is a web or mail address; anything else is no link. */
export function safeLinkUrl(href: string | null | undefined): URL | undefined {
  if (!href) return undefined;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (!LINK_PROTOCOLS.has(url.protocol)) return undefined;
  if (url.protocol !== 'mailto:' && !url.hostname) return undefined;
  return url;
}

/** A mail domain as the ASCII (punycode) name a look-alike cannot hide behind; as written when it is no plain name. */
function asciiDomain(domain: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(domain);
  } catch {
    return domain;
  }
  if (!/^[^\s/?#@\\:%]+$/u.test(decoded)) return domain;
  try {
    return new URL(`http://${decoded}`).hostname;
  } catch {
    return domain;
  }
}

/**
 * Where a link goes, as shown beside it: the host (with a port other than the default) of a web
 * address, the recipients of a mail address. Always ASCII: the URL parser writes a Unicode host in
 * punycode, so `аpple.com` with a Cyrillic а shows as `xn--pple-43d.com`.
 */
export function destinationLabel(url: URL): string {
  if (url.protocol !== 'mailto:') return url.host;
  return url.pathname
    .split(',')
    .map((recipient) => {
      const at = recipient.lastIndexOf('@');
      return at < 0 ? recipient : `${recipient.slice(0, at)}@${asciiDomain(recipient.slice(at + 1))}`;
    })
    .join(', ');
}

/** What an image reference leaves in the answer: its alt text and where it would have come from, as text. */
export function imageText(alt: string, href: string): string {
  const url = safeLinkUrl(href);
  return strings.chat.links.image(alt, url ? destinationLabel(url) : undefined);
}

/**
 * True when a link carries a query string or a fragment: a model (or a page it read) could have put
 * parts of the conversation there, so the user confirms before it opens.
 */
export function needsConfirmation(url: URL): boolean {
  return url.search !== '' || url.hash !== '';
}

/** Where a link that opens only after a confirmation keeps its address (it has no `href`). */
export const HELD_HREF_ATTRIBUTE = 'data-held-href';

/** The address of an answer link: its `href`, or the one held back for the confirmation. */
export function linkAddress(link: Element): URL | undefined {
  return safeLinkUrl(link.getAttribute('href') ?? link.getAttribute(HELD_HREF_ATTRIBUTE));
}

/**
 * Links of freshly sanitised answer HTML, in place: a link to anything but a web or mail address
 * becomes its plain text, every other link gets its destination beside its text (inside the link,
 * so it is part of the link's accessible name and a model-written text such as another URL cannot
 * hide it). A link whose address needs a confirmation keeps it out of `href` (in
 * `HELD_HREF_ATTRIBUTE`), so no way the browser offers to open a link (its context menu's "Open
 * link in new tab", dragging it to the tab bar) can skip the confirmation; it stays a focusable
 * link for the keyboard and assistive technology. Only the nodes given are visited, so a streaming
 * answer's cost stays linear.
 */
export function decorateLinks(root: DocumentFragment | Element): void {
  for (const link of Array.from(root.querySelectorAll('a'))) {
    const url = safeLinkUrl(link.getAttribute('href'));
    if (!url) {
      link.replaceWith(...Array.from(link.childNodes));
      continue;
    }
    if (needsConfirmation(url)) {
      link.removeAttribute('href');
      link.removeAttribute('target');
      link.setAttribute(HELD_HREF_ATTRIBUTE, url.href);
      link.setAttribute('role', 'link');
      link.setAttribute('tabindex', '0');
    } else {
      link.setAttribute('href', url.href);
    }
    const host = link.ownerDocument.createElement('span');
    host.className = LINK_HOST_CLASS;
    // The space is the host's (kept by its style), so the link's underline does not run across it.
    host.textContent = ` ${strings.chat.links.host(destinationLabel(url))}`;
    link.append(host);
  }
}

/** The answer link an event happened on, if any. */
export function linkOfEvent(target: EventTarget | null, container: Element): HTMLAnchorElement | undefined {
  const element = target instanceof Element ? target : target instanceof Node ? target.parentElement : null;
  const link = element?.closest('a');
  return link && container.contains(link) ? link : undefined;
}

/** A URL split for display, the part that names the destination (host, or mail recipients) on its own. */
export function splitAtDestination(url: URL): { before: string; destination: string; after: string } {
  const href = url.href;
  const rest = url.pathname + url.search + url.hash;
  if (url.protocol === 'mailto:') {
    const before = url.protocol;
    return { before, destination: url.pathname, after: href.slice(before.length + url.pathname.length) };
  }
  // The host ends the authority (after any user:password@), which the path, query and fragment follow.
  const authorityEnd = href.endsWith(rest) ? href.length - rest.length : href.indexOf(url.host) + url.host.length;
  const hostStart = authorityEnd - url.host.length;
  return { before: href.slice(0, hostStart), destination: href.slice(hostStart, authorityEnd), after: href.slice(authorityEnd) };
}

/** Opens a link from an answer in a new tab that gets neither this page as opener nor a referrer. */
export function openInNewTab(href: string): void {
  window.open(href, '_blank', 'noopener,noreferrer');
}
