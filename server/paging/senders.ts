import nodemailer from 'nodemailer';

// Network delivery for notification channels. Each function resolves with a
// short description of what the receiver answered, or throws an Error whose
// message is recorded on the notification (never the secret URL or password).

const TIMEOUT_MS = 10_000;

export type SmtpSettings = { host: string; port: number; secure: boolean; username: string; password: string; from: string };

export type Senders = {
  webhook(url: string, body: unknown): Promise<string>;
  email(smtp: SmtpSettings, to: string, message: { subject: string; text: string }): Promise<string>;
};

function redactUrl(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured URL';
  }
}

async function postJson(url: string, body: unknown): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'Runwell-Pager/1' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = (error as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new Error(`could not reach ${redactUrl(url)}: ${why}`);
  }
  const text = (await res.text().catch(() => '')).slice(0, 200);
  if (!res.ok) throw new Error(`${redactUrl(url)} answered HTTP ${res.status}${text ? `: ${text}` : ''}`);
  return `HTTP ${res.status}`;
}

async function sendMail(smtp: SmtpSettings, to: string, message: { subject: string; text: string }): Promise<string> {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.username ? { user: smtp.username, pass: smtp.password } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    const info = await transport.sendMail({ from: smtp.from, to, subject: message.subject, text: message.text });
    return `accepted by ${smtp.host}:${smtp.port}${info.response ? ` (${String(info.response).slice(0, 120)})` : ''}`;
  } catch (error) {
    throw new Error(`SMTP ${smtp.host}:${smtp.port}: ${(error as Error).message.slice(0, 300)}`);
  } finally {
    transport.close();
  }
}

export const networkSenders: Senders = { webhook: postJson, email: sendMail };
