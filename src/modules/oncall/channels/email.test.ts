import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { closedPort } from '../../../../test/helpers/http-listener.js';
import { startTestSmtp, type TestSmtp } from '../../../../test/helpers/smtp.js';
import { FakeClock } from '../../../lib/clock.js';
import { createMailer, type Mailer } from '../../mail/index.js';
import { samplePage, testContext } from './channel.test-support.js';
import { emailChannel } from './email.js';

let smtp: TestSmtp;
let mailer: Mailer;
before(async () => {
  smtp = await startTestSmtp();
  mailer = createMailer({
    smtpUrl: smtp.url,
    from: 'keel@keel.test',
    clock: new FakeClock(),
    publicUrl: 'https://keel.example.com',
  });
});
after(async () => {
  mailer.close();
  await smtp.close();
});

const mailerFor = (smtpUrl: string | null) =>
  createMailer({
    smtpUrl,
    from: 'keel@keel.test',
    clock: new FakeClock(),
    publicUrl: 'https://keel.example.com',
  });

test('sends one message over SMTP with a plain-text and an HTML part, both with the links', async () => {
  const r = await emailChannel.send(
    samplePage({ title: 'Disk <full> & slow' }),
    { address: 'ana@example.com' },
    testContext({ mailer }),
  );
  assert.equal(r.ok, true, r.error);
  assert.equal(smtp.messages.length, 1);
  const mail = smtp.messages[0]!;
  assert.deepEqual(mail.to, ['ana@example.com']);
  assert.equal(mail.from, 'keel@keel.test');
  assert.match(mail.raw, /^Subject: \[Keel\] Triggered #42: Disk <full> & slow \(SEV1, checkout-api\)/m);
  assert.match(mail.raw, /^Message-ID: <ntf_0195f3c2-7b1a-7000-8000-000000000042@keel\.example\.com>/m);
  assert.match(mail.raw, /Content-Type: multipart\/alternative/);
  const [, textPart = '', htmlPart = ''] = mail.decoded.split(/Content-Type: text\/(?:plain|html)/);
  assert.ok(
    mail.decoded.indexOf('Content-Type: text/plain') < mail.decoded.indexOf('Content-Type: text/html'),
  );
  assert.ok(textPart.includes('Triggered #42: Disk <full> & slow'), 'text part: raw title');
  assert.ok(textPart.includes(`Acknowledge: ${samplePage().ackUrl}`));
  assert.ok(textPart.includes(`Resolve: ${samplePage().resolveUrl}`));
  assert.ok(htmlPart.includes('Triggered #42: Disk &lt;full&gt; &amp; slow'), 'html part: escaped title');
  assert.ok(htmlPart.includes(`href="https://keel.example.com/a/42?action=ack&amp;sig=abc"`));
  assert.ok(htmlPart.includes(`href="${samplePage().incidentUrl}"`));
});

/** An SMTP server that answers RCPT TO with the given reply code. */
async function rejectingSmtp(code: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      callback(
        Object.assign(new Error(code >= 500 ? 'mailbox unavailable' : 'try again later'), {
          responseCode: code,
        }),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test('a 5xx SMTP reply is final, a 4xx is retried', async () => {
  for (const [code, retryable] of [
    [550, false],
    [452, true],
  ] as const) {
    const server = await rejectingSmtp(code);
    const m = mailerFor(server.url);
    try {
      const r = await emailChannel.send(
        samplePage(),
        { address: 'ana@example.com' },
        testContext({ mailer: m }),
      );
      assert.deepEqual([r.ok, r.retryable, r.status], [false, retryable, code]);
      assert.match(r.error ?? '', new RegExp(`^SMTP ${code}: `));
    } finally {
      m.close();
      await server.close();
    }
  }
});

test('an unreachable server is retried; mail that is not configured is not', async () => {
  const down = mailerFor(`smtp://127.0.0.1:${await closedPort()}`);
  const r = await emailChannel.send(
    samplePage(),
    { address: 'ana@example.com' },
    testContext({ mailer: down }),
  );
  down.close();
  assert.deepEqual([r.ok, r.retryable], [false, true]);
  const none = await emailChannel.send(
    samplePage(),
    { address: 'ana@example.com' },
    testContext({ mailer: mailerFor(null) }),
  );
  assert.deepEqual(
    [none.ok, none.retryable, none.error],
    [false, false, 'mail is not configured (KEEL_SMTP_URL)'],
  );
});

test('config needs an address; describe shows it', () => {
  assert.equal(emailChannel.configSchema.safeParse({ address: 'not-an-address' }).success, false);
  assert.equal(emailChannel.describe({ address: 'ana@example.com' }), 'E-mail to ana@example.com');
});
