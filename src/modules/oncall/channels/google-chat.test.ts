import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHttpListener, type HttpListener } from '../../../../test/helpers/http-listener.js';
import {
  assertNoStrayCalls,
  hugeSummary,
  lastRequest,
  samplePage,
  testContext,
} from './channel.test-support.js';
import { googleChatChannel } from './google-chat.js';

let listener: HttpListener;
before(async () => {
  listener = await startHttpListener();
});
after(() => listener.close());

interface Widget {
  decoratedText?: { topLabel: string; text: string };
  textParagraph?: { text: string };
  buttonList?: { buttons: { text: string; onClick: { openLink: { url: string } } }[] };
}
interface ChatMessage {
  text: string;
  cardsV2: {
    cardId: string;
    card: { header: { title: string; subtitle: string }; sections: { widgets: Widget[] }[] };
  }[];
}

const webhookUrl = () => `${listener.url}/v1/spaces/AAAA/messages?key=KeYsecret123&token=ToKsecret456`;

test('posts text and a cardsV2 card with facts, summary and link buttons', async () => {
  const ctx = testContext();
  const r = await googleChatChannel.send(samplePage(), { webhookUrl: webhookUrl() }, ctx);
  assert.equal(r.ok, true, r.error);
  const req = lastRequest(listener);
  assert.equal(req.method, 'POST');
  assert.equal(req.url, '/v1/spaces/AAAA/messages?key=KeYsecret123&token=ToKsecret456');
  assert.equal(req.headers['content-type'], 'application/json; charset=UTF-8');
  assert.equal(req.headers['idempotency-key'], samplePage().idempotencyKey);
  const body = JSON.parse(req.body) as ChatMessage;
  assert.equal(body.text, 'Triggered #42: Checkout latency above 2 s');
  assert.equal(body.cardsV2.length, 1);
  const { cardId, card } = body.cardsV2[0]!;
  assert.equal(cardId, 'incident-42');
  assert.deepEqual(card.header, {
    title: '#42 Checkout latency above 2 s',
    subtitle: 'Triggered · SEV1 · checkout-api',
  });
  const widgets = card.sections[0]!.widgets;
  assert.deepEqual(
    widgets.filter((w) => w.decoratedText).map((w) => [w.decoratedText!.topLabel, w.decoratedText!.text]),
    [
      ['Service', 'checkout-api'],
      ['Severity', 'SEV1'],
      ['Urgency', 'high'],
    ],
  );
  assert.equal(widgets.find((w) => w.textParagraph)!.textParagraph!.text, samplePage().summary);
  assert.deepEqual(
    widgets.at(-1)!.buttonList!.buttons.map((b) => [b.text, b.onClick.openLink.url]),
    [
      ['Acknowledge', samplePage().ackUrl],
      ['Resolve', samplePage().resolveUrl],
      ['Open incident', samplePage().incidentUrl],
    ],
  );
  assertNoStrayCalls(ctx);
});

test('escapes card HTML and keeps text within 4096 characters and the message within 32,000 bytes', async () => {
  await googleChatChannel.send(
    samplePage({ title: 'x'.repeat(9000), summary: hugeSummary }),
    { webhookUrl: webhookUrl() },
    testContext(),
  );
  const req = lastRequest(listener);
  const body = JSON.parse(req.body) as ChatMessage;
  assert.ok([...body.text].length <= 4096);
  assert.ok(Buffer.byteLength(req.body) < 32_000);
  const para = body.cardsV2[0]!.card.sections[0]!.widgets.find((w) => w.textParagraph)!.textParagraph!.text;
  assert.ok(para.startsWith('&lt;!channel&gt; *bold* &amp; &lt;b&gt;tags&lt;/b&gt;'));
});

test('errors never show the key or token of the webhook URL', async () => {
  listener.reply({
    status: 403,
    body: `{"error":{"message":"bad token ToKsecret456 for key KeYsecret123"}}`,
  });
  const r = await googleChatChannel.send(samplePage(), { webhookUrl: webhookUrl() }, testContext());
  assert.deepEqual([r.ok, r.retryable], [false, false]);
  assert.ok(r.error?.includes('bad token *** for key ***'), r.error);
  listener.reply({ status: 200, body: '{}' });
  assert.equal(
    googleChatChannel.describe({ webhookUrl: webhookUrl() }),
    `Google Chat space webhook (${new URL(listener.url).host})`,
  );
});
