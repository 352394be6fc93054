// A workspace's model name in the status bar tooltip is plain text: no link, markup, image, HTML or icon.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import { markdownPlainText, statusBarPlainText } from '../../../src/host/statusBar/plainText';

const HOSTILE =
  '[Set key](command:applerouter.clearApiKey) **free** ![x](https://evil.example/p.png) <b>hi</b> &amp; `c` $(alert)\n# big';

describe('plain text inside Markdown', () => {
  it('renders as exactly the original characters, with no element of its own', () => {
    // What the tooltip does: a translated sentence with the name put in.
    const html = new MarkdownIt({ html: true }).renderInline(`**Model for new chats:** ${markdownPlainText(HOSTILE)}`);
    assert.doesNotMatch(html, /<a |<img|<b>|<code>|<h1/);
    const text = html.replace(/^<strong>Model for new chats:<\/strong> /, '');
    const decoded = text
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    assert.equal(decoded, HOSTILE.replace('\n', ' '));
  });

  it('status bar text draws no icon from a name', () => {
    assert.equal(statusBarPlainText('gpt $(alert) x'), 'gpt \\$(alert) x');
    assert.equal(statusBarPlainText('a\nb'), 'a b');
  });
});
