export { createMailer, mailMessage, type Mailer, type MailMessage } from './mailer.js';
