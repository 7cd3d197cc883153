import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';

/** One message the run's SMTP catcher received, parsed with mailparser. */
export interface CaughtMail {
  file: string;
  from: string | null;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

function directory(): string {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error('E2E_MAIL_DIR is not set: global-setup starts the SMTP catcher');
  return dir;
}

/** Every message received so far for `address` (oldest first). */
export async function mailFor(address: string): Promise<CaughtMail[]> {
  const dir = directory();
  const wanted = address.toLowerCase();
  const found: CaughtMail[] = [];
  for (const file of readdirSync(dir).sort()) {
    const stored = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      from: string | null;
      to: string[];
      raw: string;
    };
    if (!stored.to.includes(wanted)) continue;
    const parsed = await simpleParser(stored.raw);
    found.push({
      file,
      from: stored.from,
      to: stored.to,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
    });
  }
  return found;
}

/** Waits for the newest message to `address` whose subject matches (and that is not in `seen`). */
export async function waitForMail(
  address: string,
  subject: RegExp,
  {
    timeoutMs = 15_000,
    after = new Set<string>(),
  }: { timeoutMs?: number; after?: Set<string> } = {},
): Promise<CaughtMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const matching = (await mailFor(address)).filter(
      (mail) => subject.test(mail.subject) && !after.has(mail.file),
    );
    if (matching.length > 0) return matching[matching.length - 1];
    if (Date.now() > deadline) {
      throw new Error(`no mail to ${address} matching ${String(subject)} within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The `token` query parameter of the first link to `path` in a message's text. */
export function tokenIn(mail: CaughtMail, path: string): string {
  const link = mail.text.match(/https?:\/\/\S+/g)?.find((url) => new URL(url).pathname === path);
  if (!link) throw new Error(`no ${path} link in:\n${mail.text}`);
  const token = new URL(link).searchParams.get('token');
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}
