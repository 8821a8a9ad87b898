// The phone check (issue 15, deliverable 4): a page at 360×740 must not scroll sideways, must show no
// text under 12 px (SVG chart labels included, none clipped by their chart), and its links, buttons and
// inputs must be at least 24×24 CSS px (WCAG 2.2 SC 2.5.8), except as that criterion allows: links
// inside a sentence, and small targets with a clear 24 px circle around them.
import assert from 'node:assert/strict';
import type { BrowserContextOptions, Page } from 'playwright-core';

export const PHONE_WIDTH = 360;
export const MIN_TEXT_PX = 12;
export const MIN_TARGET_PX = 24;

/** A 360×740 phone viewport with touch (same as `phone()` in browser.ts). */
export function phoneViewport(): BrowserContextOptions {
  return { viewport: { width: PHONE_WIDTH, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
}

/** Everything the phone check finds wrong on the current page, one readable line each (empty: fine). */
export async function phoneProblems(page: Page): Promise<string[]> {
  // tsx (esbuild, keepNames) wraps the named helpers below in `__name(…)`, which the page lacks.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(
    ({ minText, minTarget, screen }) => {
      const out: string[] = [];
      const name = (el: Element) => {
        const id = el.id ? `#${el.id}` : '';
        const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
        return `${el.tagName.toLowerCase()}${id}${cls}${text ? ` "${text}"` : ''}`;
      };
      const visible = (el: Element) => {
        // checkVisibility also says no for the inside of a closed <details>, which still has boxes.
        if (!el.checkVisibility({ visibilityProperty: true })) return false;
        const r = el.getBoundingClientRect();
        return r.width > 1 && r.height > 1;
      };
      // Visually hidden (1 px, clipped) text is for screen readers: no size rule applies to it.
      const clippedAway = (el: Element) => {
        for (let e: Element | null = el; e; e = e.parentElement) {
          const s = getComputedStyle(e);
          if (s.clipPath === 'inset(50%)' || (s.position === 'absolute' && s.clip !== 'auto' && s.clip !== '')) return true;
          if (e.getAttribute('aria-hidden') === 'true' && e.tagName.toLowerCase() === 'svg' && !e.querySelector('text')) return true;
        }
        return false;
      };

      // 1. No sideways scrolling of the document. Measured against the screen's width: a mobile browser
      // zooms out to fit a too-wide page, and then innerWidth grows with it and hides the overflow.
      const root = document.documentElement;
      const width = Math.min(window.innerWidth, screen);
      if (root.scrollWidth > width) {
        // The deepest elements that stick out are the likely causes.
        const wide = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > width + 1 && !clippedAway(el));
        const leaves = wide.filter((el) => !wide.some((o) => o !== el && el.contains(o))).slice(0, 5);
        out.push(`document scrolls sideways: scrollWidth ${root.scrollWidth} > ${width} px (innerWidth ${window.innerWidth}); sticking out: ${leaves.map(name).join('; ')}`);
      }

      // 2. Text size: every SVG <text> as drawn (font size × the SVG's scale), and HTML text.
      for (const t of document.querySelectorAll('svg text')) {
        if (!visible(t) || !(t instanceof SVGGraphicsElement)) continue;
        const ctm = t.getScreenCTM();
        const scale = ctm ? Math.hypot(ctm.a, ctm.b) : 1;
        const px = Number.parseFloat(getComputedStyle(t).fontSize) * scale;
        if (px < minText - 0.05) out.push(`chart text ${px.toFixed(1)} px < ${minText} px: ${name(t)}`);
        const svg = t.ownerSVGElement;
        if (svg) {
          const box = svg.getBoundingClientRect();
          const r = t.getBoundingClientRect();
          if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
            out.push(`chart text cut off by its chart: ${name(t)}`);
          }
        }
      }
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const seen = new Set<Element>();
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || seen.has(el) || !(n.textContent ?? '').trim() || el.closest('svg')) continue;
        seen.add(el);
        if (!visible(el) || clippedAway(el)) continue;
        const px = Number.parseFloat(getComputedStyle(el).fontSize);
        if (px < minText - 0.05) out.push(`text ${px.toFixed(1)} px < ${minText} px: ${name(el)}`);
      }

      // 3. Touch targets.
      const targets = [...document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"]')].filter(
        (el) => visible(el) && !clippedAway(el),
      );
      const rects = targets.map((el) => el.getBoundingClientRect());
      // An inline link inside a sentence: its block holds more text than the link.
      const inSentence = (el: Element) => {
        if (getComputedStyle(el).display !== 'inline') return false;
        let block = el.parentElement;
        while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
        const all = (block?.textContent ?? '').replace(/\s+/g, ' ').trim();
        const own = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
        return all.length > own.length + 1;
      };
      // The spacing exception: a 24 px circle on the target's centre touches no other target.
      const spaced = (i: number) => {
        const r = rects[i];
        const cx = r.left + r.width / 2;
        const cy = r.top + r.height / 2;
        const radius = minTarget / 2;
        return rects.every((o, j) => {
          if (j === i || targets[j].contains(targets[i]) || targets[i].contains(targets[j])) return true;
          const dx = Math.max(o.left - cx, 0, cx - o.right);
          const dy = Math.max(o.top - cy, 0, cy - o.bottom);
          return Math.hypot(dx, dy) >= radius;
        });
      };
      targets.forEach((el, i) => {
        const r = rects[i];
        if (r.width >= minTarget - 0.5 && r.height >= minTarget - 0.5) return;
        if (inSentence(el) || spaced(i)) return;
        out.push(`touch target ${Math.round(r.width)}×${Math.round(r.height)} px < ${minTarget}×${minTarget}: ${name(el)}`);
      });
      return out;
    },
    { minText: MIN_TEXT_PX, minTarget: MIN_TARGET_PX, screen: page.viewportSize()?.width ?? PHONE_WIDTH },
  );
}

/**
 * Fails with every problem listed when the page is not fit for a 360 px phone. Call it on a page
 * opened with `phone()` (or `phoneViewport()`), after it has loaded.
 */
export async function assertPhoneFriendly(page: Page): Promise<void> {
  const width = page.viewportSize()?.width;
  assert.ok(width !== undefined && width <= PHONE_WIDTH, `assertPhoneFriendly needs a ${PHONE_WIDTH} px viewport (open the page with phone()); got ${width}`);
  const found = await phoneProblems(page);
  assert.deepEqual(found, [], `not phone-friendly at ${width} px: ${page.url()}\n  ${found.join('\n  ')}`);
}
