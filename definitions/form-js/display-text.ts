import type { Component } from './problems.js';

/**
 * What a display component shows, as plain text: the server has no DOM to sanitise HTML with, and
 * rjsf renders descriptions as text, so markup never reaches the page. Markdown (`text`) and HTML
 * (`html`) keep their words and line breaks; an image keeps its alternative text; spacers and
 * separators show nothing.
 */
export function displayText(c: Component): string {
  switch (c.type) {
    case 'text':
      return markdownToText(stringOf(c.text));
    case 'html':
      return htmlToText(stringOf(c.content));
    case 'image':
      return stringOf(c.alt).trim();
    default:
      return '';
  }
}

/** The display component kinds: they carry no data. `button` is form-js's submit/reset, which the task page has itself. */
export const DISPLAY_TYPES = new Set(['text', 'html', 'image', 'spacer', 'separator', 'button']);

function stringOf(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function markdownToText(md: string): string {
  return md
    .replace(/\r\n?/g, '\n')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/^\s*[-*+]\s+/gm, '· ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\(([^)\s]*)[^)]*\)/g, '$1（$2）')
    .replace(/(\*\*|__|\*|_|~~|`)(\S(?:.*?\S)?)\1/g, '$2')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr|table|ul|ol|section)\s*>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '· ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#'))
        return codePoint(/^#x/i.test(name) ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function codePoint(n: number): string {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : ' ';
}
