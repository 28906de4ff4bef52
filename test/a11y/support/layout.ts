// In-page measurements for findings axe cannot see: contrast of computed colours, clipped content.
import type { Locator, Page } from 'playwright-core';

/** WCAG contrast ratio of `locator`'s text (CSS `color`, or SVG `fill`) against `background`'s background. */
export async function contrastRatio(text: Locator, background: Locator, property: 'color' | 'fill' = 'color'): Promise<number> {
  return text.evaluate(
    (element, [backgroundElement, prop]) => {
      const channels = (css: string) => (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
      const luminance = (css: string) => {
        const [r = 0, g = 0, b = 0] = channels(css).map((value) => {
          const c = value / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const fg = luminance(getComputedStyle(element).getPropertyValue(prop));
      const bg = luminance(getComputedStyle(backgroundElement as Element).backgroundColor);
      return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    },
    [await background.elementHandle(), property] as const,
  );
}

/**
 * Elements in the page that are cut off: outside an ancestor that clips (overflow hidden or clip)
 * or above/left of where a scrolling ancestor can scroll. Visually hidden text and single-line
 * titles that end in an ellipsis on purpose are left out.
 */
export function clippedElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const describe = (element: Element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}${element.getAttribute('data-testid') ? `[${element.getAttribute('data-testid')}]` : ''}`;
    for (const element of document.querySelectorAll('#root *, body > div:not(#root) *')) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || element.closest('.visually-hidden, svg, [role="option"]')) {
        continue;
      }
      for (let ancestor = element.parentElement; ancestor; ancestor = ancestor.parentElement) {
        const style = getComputedStyle(ancestor);
        const scrolls = [style.overflowX, style.overflowY].some((value) => value === 'auto' || value === 'scroll');
        const clips = [style.overflowX, style.overflowY].some((value) => value === 'hidden' || value === 'clip');
        if (!scrolls && !clips) {
          continue;
        }
        const box = ancestor.getBoundingClientRect();
        if (scrolls) {
          if (rect.top - box.top + ancestor.scrollTop < -1 || rect.left - box.left + ancestor.scrollLeft < -1) {
            found.push(`${describe(element)} is above or left of what ${describe(ancestor)} can scroll to`);
          }
          break; // the scroller's own box is checked as an element in its turn
        }
        if (rect.top < box.top - 1 || rect.left < box.left - 1 || rect.bottom > box.bottom + 1 || rect.right > box.right + 1) {
          found.push(`${describe(element)} is clipped by ${describe(ancestor)}`);
        }
        break;
      }
    }
    if (document.documentElement.scrollWidth > document.documentElement.clientWidth + 1) {
      found.push('the page scrolls sideways');
    }
    return found;
  });
}
