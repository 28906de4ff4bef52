/**
 * Chromium outside Electron cannot load a custom scheme (navigations to app:// abort), so the
 * double shows a privileged scheme to the page as https://<host>.<scheme>-scheme.invalid and
 * translates back wherever main can see a URL (senderFrame, getURL, will-navigate). The https
 * form keeps the page a secure context, like a `secure: true` custom scheme.
 */
const PAGE_HOST_SUFFIX = '-scheme.invalid';

export function toPageUrl(url: string, customSchemes: ReadonlySet<string>): string {
  const parsed = new URL(url);
  const scheme = parsed.protocol.slice(0, -1);
  if (!customSchemes.has(scheme)) {
    return url;
  }
  return `https://${parsed.host}.${scheme}${PAGE_HOST_SUFFIX}${parsed.pathname}${parsed.search}${parsed.hash}`;
}

const PAGE_URL = /^https:\/\/([^/]+)\.([a-z][a-z0-9+.-]*)-scheme\.invalid(\/[^]*)?$/;

/** The URL main would see in Electron for a URL the page reports. */
export function toAppUrl(pageUrl: string): string {
  const match = PAGE_URL.exec(pageUrl);
  if (!match) {
    return pageUrl;
  }
  const [, host, scheme, rest] = match;
  return `${scheme}://${host}${rest ?? '/'}`;
}

/** Origin as Electron reports it for a standard custom scheme: scheme://host. */
export function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:' || parsed.protocol === 'file:') {
      return parsed.origin;
    }
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : 'null';
  } catch {
    return 'null';
  }
}
