// The public-service pages (src/web/info.tsx), in the footer's order; kept apart so the layout can
// list them without importing the pages.
/** Footer order; each page's texts are `info.<id>.title`, `.lead` and paragraphs `.p1`, `.p2`, … */
export const INFO_PAGES = [
  { id: 'about', href: '/about', paragraphs: 3 },
  { id: 'help', href: '/help', paragraphs: 4 },
  { id: 'lottery', href: '/about/lottery', paragraphs: 4 },
  { id: 'rules', href: '/rules', paragraphs: 1 },
  { id: 'privacy', href: '/privacy', paragraphs: 5 },
  { id: 'accessibility', href: '/accessibility', paragraphs: 4 },
  { id: 'contact', href: '/contact', paragraphs: 3 },
] as const;
