// Safe markdown for model output: markdown-it (raw HTML off), a common highlight.js subset, DOMPurify.
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import createDOMPurify from 'dompurify';
import type { ActionName } from './actions';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const LANGUAGES = {
  bash,
  c,
  cpp,
  csharp,
  css,
  diff,
  go,
  java,
  javascript,
  json,
  kotlin,
  markdown,
  php,
  python,
  ruby,
  rust,
  shell,
  sql,
  swift,
  typescript,
  xml,
  yaml,
};
for (const [name, lang] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, lang);

/** Labels the renderer puts into its own markup (code-block buttons, image placeholders). */
export interface RendererStrings {
  copyCode: string;
  insertAtCursor: string;
  openInEditor: string;
  /** When given, code blocks also get "Apply to file". */
  applyToFile?: string;
  remoteImage: string;
  loadImage: string;
  openImageLink: string;
}

export interface MarkdownKit {
  /** Renders finished blocks: code highlighted. */
  final: MarkdownIt;
  /** Renders the open block: code left plain (highlighting waits until the fence closes). */
  open: MarkdownIt;
  /** Block structure only, to find where blocks start. */
  blocks: MarkdownIt;
  /** HTML from markdown-it → an inert, sanitized fragment. */
  sanitize(html: string): DocumentFragment;
  document: Document;
}

const SAFE_LANG = /^[A-Za-z0-9_+#.-]{1,40}$/;
const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$/i;

const ALLOWED_TAGS = [
  'p',
  'br',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'strong',
  'em',
  's',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'span',
  'div',
  'button',
  'img',
  'sup',
  'sub',
];
const ALLOWED_ATTR = [
  'class',
  'title',
  'tabindex',
  'role',
  'aria-label',
  'aria-hidden',
  'start',
  'type',
  'alt',
  'src',
  'data-href',
  'data-action',
  'data-lang',
  'data-url',
];

const IMAGE_LOAD: ActionName = 'image-load';

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The action names are checked against the registry's, like the buttons the components build. */
function iconButton(action: ActionName, icon: string, label: string): string {
  const l = escapeAttr(label);
  return `<button type="button" class="icon-button" data-action="${action}" title="${l}" aria-label="${l}"><span class="codicon codicon-${icon}" aria-hidden="true"></span></button>`;
}

function createMd(strings: RendererStrings, highlight: boolean): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  const esc = md.utils.escapeHtml;

  md.renderer.rules.fence = (tokens: Token[], idx: number) => {
    const t = tokens[idx]!;
    const info = t.info ? md.utils.unescapeAll(t.info).trim() : '';
    const rawLang = info.split(/\s+/)[0] ?? '';
    const lang = SAFE_LANG.test(rawLang) ? rawLang.toLowerCase() : '';
    let body = esc(t.content);
    if (highlight && lang && hljs.getLanguage(lang)) {
      body = hljs.highlight(t.content, { language: lang, ignoreIllegals: true }).value;
    }
    const cls = lang ? ` class="hljs language-${lang}"` : ' class="hljs"';
    return (
      `<div class="code-block" data-lang="${lang}"><div class="code-toolbar"><span class="code-lang">${esc(lang)}</span>` +
      iconButton('code-copy', 'copy', strings.copyCode) +
      iconButton('code-insert', 'insert', strings.insertAtCursor) +
      iconButton('code-open', 'go-to-file', strings.openInEditor) +
      (strings.applyToFile ? iconButton('code-apply', 'diff', strings.applyToFile) : '') +
      `</div><pre tabindex="0"><code${cls}>${body}</code></pre></div>\n`
    );
  };
  // A code block scrolls sideways: it takes the focus, so the keyboard can scroll it too.
  md.renderer.rules.code_block = (tokens: Token[], idx: number) =>
    `<pre tabindex="0"><code>${esc(tokens[idx]!.content)}</code></pre>\n`;

  // Links never carry an href: the webview sends data-href to the host, which confirms and opens http(s)/mailto.
  md.renderer.rules.link_open = (tokens: Token[], idx: number) => {
    const href = tokens[idx]!.attrGet('href') ?? '';
    return `<a class="md-link" role="link" tabindex="0" data-href="${escapeAttr(href)}" title="${escapeAttr(href)}">`;
  };

  // Images never load by themselves: only inline data: images render, anything else is a placeholder.
  md.renderer.rules.image = (tokens: Token[], idx: number, options, env, self) => {
    const t = tokens[idx]!;
    const src = t.attrGet('src') ?? '';
    const alt = self.renderInlineAsText(t.children ?? [], options, env);
    if (DATA_IMAGE.test(src)) return `<img class="md-image" src="${escapeAttr(src)}" alt="${escapeAttr(alt)}">`;
    return (
      `<span class="remote-image" data-url="${escapeAttr(src)}"><span class="codicon codicon-file-media" aria-hidden="true"></span> ` +
      `<span class="remote-image-label">${esc(strings.remoteImage)}${alt ? ` (${esc(alt)})` : ''}:</span> ` +
      `<a class="md-link" role="link" tabindex="0" data-href="${escapeAttr(src)}" title="${escapeAttr(strings.openImageLink)}">${esc(src)}</a> ` +
      `<button type="button" class="text-button" data-action="${IMAGE_LOAD}">${esc(strings.loadImage)}</button></span>`
    );
  };
  return md;
}

/** Builds the markdown instances and the sanitizer for one window (the webview's, or jsdom's in tests). */
export function createMarkdownKit(window: Window, strings: RendererStrings): MarkdownKit {
  const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  purify.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    if (el.tagName === 'IMG' && !DATA_IMAGE.test(el.getAttribute('src') ?? '')) el.removeAttribute('src');
    if (el.hasAttribute?.('href')) el.removeAttribute('href');
  });
  // Set once: DOMPurify re-parses a config passed to every sanitize() call.
  purify.setConfig({
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    // Our own attributes hold plain strings (a URL in data-href is only ever sent to the host).
    ADD_URI_SAFE_ATTR: [
      'data-href',
      'data-url',
      'data-action',
      'data-lang',
      'tabindex',
      'aria-label',
      'aria-hidden',
      'start',
      'type',
    ],
    ALLOWED_URI_REGEXP: /^data:image\/(png|jpeg|gif|webp);base64,/i,
    RETURN_DOM_FRAGMENT: true,
  });
  const blocks = new MarkdownIt({ html: false });
  blocks.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join'], true);
  return {
    final: createMd(strings, true),
    open: createMd(strings, false),
    blocks,
    document: window.document,
    sanitize: (html: string) => purify.sanitize(html) as unknown as DocumentFragment,
  };
}
