import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { Markdown, safeHref } from '../../web/src/lib/markdown.js';

/** The incident-note markdown renderer: what it formats, and that nothing typed becomes markup. */
const html = (text: string): string => renderToStaticMarkup(createElement(Markdown, { text }));
const body = (text: string): string => html(text).replace(/^<div class="markdown ">|<\/div>$/g, '');

test('markdown: paragraphs, emphasis, code and line breaks', () => {
  assert.equal(body('Hello **world** and *you*'), '<p>Hello <strong>world</strong> and <em>you</em></p>');
  assert.equal(body('one\ntwo\n\nthree'), '<p>one<br/>two</p><p>three</p>');
  assert.equal(body('use `rm -rf *` _carefully_'), '<p>use <code>rm -rf *</code> <em>carefully</em></p>');
  assert.equal(body('snake_case_name stays'), '<p>snake_case_name stays</p>');
  assert.equal(
    body('```\n<b>x</b>\n  **y**\n```'),
    '<pre class="md-pre"><code>&lt;b&gt;x&lt;/b&gt;\n  **y**</code></pre>',
  );
});

test('markdown: lists, quotes, headings', () => {
  assert.equal(body('- a\n- **b**'), '<ul><li>a</li><li><strong>b</strong></li></ul>');
  assert.equal(body('3. c\n4. d'), '<ol start="3"><li>c</li><li>d</li></ol>');
  assert.equal(body('> said\n> so'), '<blockquote>said<br/>so</blockquote>');
  assert.equal(body('## Title'), '<p class="md-heading">Title</p>');
});

test('markdown: links are http(s) only; HTML is text', () => {
  assert.equal(
    body('see [the docs](https://example.com/a?b=1&c=2)'),
    '<p>see <a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer nofollow">the docs</a></p>',
  );
  assert.equal(
    body('at https://grafana.example.com/d/1.'),
    '<p>at <a href="https://grafana.example.com/d/1" target="_blank" rel="noopener noreferrer nofollow">https://grafana.example.com/d/1</a>.</p>',
  );
  assert.equal(body('[x](javascript:alert(1))'), '<p>[x](javascript:alert(1))</p>');
  assert.equal(body('[x](data:text/html,hi)'), '<p>[x](data:text/html,hi)</p>');
  assert.equal(body('[x](/relative)'), '<p>[x](/relative)</p>');
  assert.equal(
    body('<script>alert(1)</script> <img src=x onerror=alert(1)>'),
    '<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>',
  );
  assert.equal(body('**<i>bold</i>**'), '<p><strong>&lt;i&gt;bold&lt;/i&gt;</strong></p>');
  assert.equal(safeHref('JAVASCRIPT:alert(1)'), null);
  assert.equal(safeHref('https://ok.example/'), 'https://ok.example/');
});
