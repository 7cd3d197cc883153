/** A message ready for SMTP: plain text and HTML, same content. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const PRODUCT = 'Switchboard';

const escapeHtml = (value: string): string =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

function render(subject: string, paragraphs: string[], action: { label: string; url: string }) {
  const text = [...paragraphs, '', `${action.label}: ${action.url}`, '', `— ${PRODUCT}`].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    `<p><a href="${escapeHtml(action.url)}">${escapeHtml(action.label)}</a></p>`,
    `<p style="color:#666">${escapeHtml(action.url)}</p>`,
    `<p>— ${PRODUCT}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

export function verificationMail(name: string, url: string): MailContent {
  return render(
    `Confirm your email for ${PRODUCT}`,
    [
      `Hello ${name},`,
      `Please confirm that this is your email address. The link works once, for 24 hours.`,
      `If you did not create a ${PRODUCT} account, ignore this message.`,
    ],
    { label: 'Confirm my email', url },
  );
}

export function invitationMail(options: {
  organizationName: string;
  inviterName: string | null;
  role: string;
  url: string;
  hasPassword: boolean;
}): MailContent {
  const who = options.inviterName ?? `An administrator of ${options.organizationName}`;
  return render(
    `${who} invited you to ${options.organizationName} on ${PRODUCT}`,
    [
      `${who} invited you to join ${options.organizationName} on ${PRODUCT} as ${options.role}.`,
      options.hasPassword
        ? `Sign in with this email address to accept or decline, or open the link below. The invitation expires in 7 days.`
        : `Open the link below to choose your password and join. The link works once and expires in 7 days.`,
      `If you do not know this organization, ignore this message: nothing happens unless you accept.`,
    ],
    { label: 'Open the invitation', url: options.url },
  );
}
