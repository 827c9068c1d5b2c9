import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHttpListener, type HttpListener } from '../../../../test/helpers/http-listener.js';
import { assertNoStrayCalls, lastRequest, samplePage, testContext } from './channel.test-support.js';
import { smsChannel, smsMaxLength } from './sms.js';

let listener: HttpListener;
before(async () => {
  listener = await startHttpListener();
});
after(() => listener.close());

const sid = 'AC0123456789abcdef0123456789abcdef';
const authToken = 'twilio-auth-token-9f8e7d';
const config = () =>
  smsChannel.configSchema.parse({
    baseUrl: listener.url,
    accountSid: sid,
    authToken,
    from: '+14155550100',
    to: '+4915112345678',
  });

test('POSTs a form to Messages.json with basic auth: To, From and a Body with the links', async () => {
  listener.reply({ status: 201, body: '{"sid":"SM1","status":"queued"}' });
  const ctx = testContext();
  const r = await smsChannel.send(samplePage(), config(), ctx);
  assert.deepEqual([r.ok, r.status], [true, 201]);
  const req = lastRequest(listener);
  assert.equal(req.method, 'POST');
  assert.equal(req.url, `/2010-04-01/Accounts/${sid}/Messages.json`);
  assert.equal(req.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(req.headers.authorization, `Basic ${Buffer.from(`${sid}:${authToken}`).toString('base64')}`);
  assert.equal(req.headers['idempotency-key'], samplePage().idempotencyKey);
  const form = new URLSearchParams(req.body);
  assert.deepEqual([...form.keys()], ['To', 'From', 'Body']);
  assert.equal(form.get('To'), '+4915112345678');
  assert.equal(form.get('From'), '+14155550100');
  assert.equal(
    form.get('Body'),
    '[Keel] Triggered #42 SEV1 checkout-api: Checkout latency above 2 s\n' +
      `Ack: ${samplePage().ackUrl}\nResolve: ${samplePage().resolveUrl}\n${samplePage().incidentUrl}`,
  );
  assertNoStrayCalls(ctx);
});

test('a long title is cut so the body stays within 1600 characters and the links survive', async () => {
  listener.reply({ status: 201, body: '{}' });
  await smsChannel.send(samplePage({ title: 'x'.repeat(5000) }), config(), testContext());
  const body = new URLSearchParams(lastRequest(listener).body).get('Body')!;
  assert.ok([...body].length <= smsMaxLength, `${body.length}`);
  assert.ok(
    body.endsWith(
      `Ack: ${samplePage().ackUrl}\nResolve: ${samplePage().resolveUrl}\n${samplePage().incidentUrl}`,
    ),
  );
});

test("Twilio's errors: a 400 invalid number is final with Twilio's message; 429 and 503 are retried", async () => {
  listener.reply({
    status: 400,
    body: '{"code":21211,"message":"The \'To\' number +4915112345678 is not a valid phone number.","status":400}',
  });
  const bad = await smsChannel.send(samplePage(), config(), testContext());
  assert.deepEqual([bad.ok, bad.retryable], [false, false]);
  assert.equal(
    bad.error,
    "HTTP 400: The 'To' number +4915112345678 is not a valid phone number. (code 21211)",
  );
  listener.reply({ status: 429, body: '{"code":20429,"message":"Too Many Requests"}' });
  assert.equal((await smsChannel.send(samplePage(), config(), testContext())).retryable, true);
  listener.reply({ status: 503, body: '' });
  assert.equal((await smsChannel.send(samplePage(), config(), testContext())).retryable, true);
  listener.reply({ status: 401, body: `{"code":20003,"message":"Authenticate ${authToken}"}` });
  const auth = await smsChannel.send(samplePage(), config(), testContext());
  assert.equal(auth.error, 'HTTP 401: Authenticate *** (code 20003)');
});

test('config: E.164 numbers; describe shows the number and host, never the token', () => {
  const base = { accountSid: sid, authToken, from: '+14155550100' };
  assert.equal(smsChannel.configSchema.safeParse({ ...base, to: '0151 123' }).success, false);
  const c = smsChannel.configSchema.parse({ ...base, to: '+4915112345678' });
  assert.equal(c.baseUrl, 'https://api.twilio.com');
  assert.equal(smsChannel.describe(c), 'SMS to +4915112345678 via api.twilio.com');
});
