import nodemailer from 'nodemailer';
import { guardedLookup, isUnreachable, outboundRequest, unreachableMessage, type OutboundResponse } from '../security/outbound';

// Network delivery for notification channels. Each function resolves with a
// short description of what the receiver answered, or throws an Error whose
// message is recorded on the notification (never the secret URL or password).

const TIMEOUT_MS = 10_000;

export type SmtpSettings = { host: string; port: number; secure: boolean; username: string; password: string; from: string };

/** A file sent with an e-mail (the monthly report's PDF). */
export type MailAttachment = { filename: string; content: Buffer; contentType: string };
export type MailMessage = { subject: string; text: string; attachments?: MailAttachment[] };

export type Senders = {
  webhook(url: string, body: unknown): Promise<string>;
  email(smtp: SmtpSettings, to: string, message: MailMessage): Promise<string>;
};

function redactUrl(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured URL';
  }
}

async function postJson(url: string, body: unknown): Promise<string> {
  const host = redactUrl(url);
  let res: OutboundResponse;
  try {
    // Through the outbound address guard; a redirect is an answer, not followed.
    res = await outboundRequest(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'Runwell-Pager/1' },
      body: JSON.stringify(body),
      timeoutMs: TIMEOUT_MS,
      maxBytes: 64 * 1024,
    });
  } catch (error) {
    if (error instanceof TypeError) throw new Error(`Could not reach ${host}: it is not an http(s) URL`);
    throw new Error(unreachableMessage(host, error));
  }
  const text = res.text.slice(0, 200);
  if (res.status < 200 || res.status >= 300) throw new Error(`${host} answered HTTP ${res.status}${text ? `: ${text}` : ''}`);
  return `HTTP ${res.status}`;
}

/** The SMTP host's address, judged by the outbound policy (nodemailer is then given that address, so it cannot resolve to another). */
function smtpAddress(host: string): Promise<string> {
  const lookup = guardedLookup();
  return new Promise((resolve, reject) => {
    lookup(host, {}, (error, address) => (error ? reject(error) : resolve(address as string)));
  });
}

async function sendMail(smtp: SmtpSettings, to: string, message: MailMessage): Promise<string> {
  let address: string;
  try {
    address = await smtpAddress(smtp.host);
  } catch (error) {
    throw new Error(unreachableMessage(`${smtp.host}:${smtp.port}`, error));
  }
  const transport = nodemailer.createTransport({
    host: address,
    // TLS still verifies the certificate against the configured name.
    tls: { servername: smtp.host },
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.username ? { user: smtp.username, pass: smtp.password } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    const info = await transport.sendMail({ from: smtp.from, to, subject: message.subject, text: message.text, attachments: message.attachments });
    return `accepted by ${smtp.host}:${smtp.port}${info.response ? ` (${String(info.response).slice(0, 120)})` : ''}`;
  } catch (error) {
    // No connection reads the same whatever the socket said (no port scanning through the test e-mail).
    const code = (error as { code?: string }).code ?? '';
    if (isUnreachable(error) || ['ESOCKET', 'ECONNECTION', 'ETIMEDOUT', 'EDNS'].includes(code)) throw new Error(unreachableMessage(`${smtp.host}:${smtp.port}`, error));
    throw new Error(`SMTP ${smtp.host}:${smtp.port}: ${(error as Error).message.slice(0, 300)}`);
  } finally {
    transport.close();
  }
}

export const networkSenders: Senders = { webhook: postJson, email: sendMail };
