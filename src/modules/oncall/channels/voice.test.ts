import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHttpListener, type HttpListener } from '../../../../test/helpers/http-listener.js';
import { assertNoStrayCalls, lastRequest, samplePage, testContext } from './channel.test-support.js';
import { twimlMaxLength, voiceChannel } from './voice.js';

let listener: HttpListener;
before(async () => {
  listener = await startHttpListener();
});
after(() => listener.close());

const sid = 'AC0123456789abcdef0123456789abcdef';
const authToken = 'twilio-auth-token-9f8e7d';
const config = () => ({
  baseUrl: `${listener.url}/`,
  accountSid: sid,
  authToken,
  from: '+14155550100',
  to: '+4915112345678',
});

test('POSTs Calls.json with basic auth and TwiML that says the message twice', async () => {
  listener.reply({ status: 201, body: '{"sid":"CA1","status":"queued"}' });
  const ctx = testContext();
  const r = await voiceChannel.send(samplePage(), config(), ctx);
  assert.deepEqual([r.ok, r.status], [true, 201]);
  const req = lastRequest(listener);
  assert.equal(req.method, 'POST');
  assert.equal(req.url, `/2010-04-01/Accounts/${sid}/Calls.json`);
  assert.equal(req.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(req.headers.authorization, `Basic ${Buffer.from(`${sid}:${authToken}`).toString('base64')}`);
  const form = new URLSearchParams(req.body);
  assert.deepEqual([...form.keys()], ['To', 'From', 'Twiml']);
  assert.equal(form.get('To'), '+4915112345678');
  const said =
    'Keel alert. Triggered incident 42, severity 1, high urgency, on service checkout-api. Checkout latency above 2 s.';
  assert.equal(
    form.get('Twiml'),
    `<Response><Say>${said}</Say><Pause length="1"/><Say>Again. ${said}</Say></Response>`,
  );
  assertNoStrayCalls(ctx);
});

test('escapes XML and stays within 4000 characters of TwiML', async () => {
  listener.reply({ status: 201, body: '{}' });
  await voiceChannel.send(
    samplePage({ title: `</Say><Play>x</Play> & ${'&'.repeat(5000)}` }),
    config(),
    testContext(),
  );
  const twiml = new URLSearchParams(lastRequest(listener).body).get('Twiml')!;
  assert.ok(twiml.length <= twimlMaxLength, `${twiml.length}`);
  assert.ok(!twiml.includes('<Play>'));
  assert.equal(twiml.match(/<Say>/g)?.length, 2);
  assert.ok(twiml.endsWith('</Say></Response>'));
});

test('describe hides the token; a 404 account is final without the token in the error', async () => {
  listener.reply({
    status: 404,
    body: `{"code":20404,"message":"The requested resource /2010-04-01/Accounts/${sid}/Calls.json was not found"}`,
  });
  const r = await voiceChannel.send(samplePage(), config(), testContext());
  assert.deepEqual([r.ok, r.retryable], [false, false]);
  assert.ok(!r.error!.includes(authToken));
  assert.equal(
    voiceChannel.describe(voiceChannel.configSchema.parse(config())),
    `Voice call to +4915112345678 via ${new URL(listener.url).host}`,
  );
});
