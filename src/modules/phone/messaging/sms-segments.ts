/**
 * SMS length: a reply is at most two segments. A body of GSM-7 characters
 * only is split into 153-character segments (306 for two); anything else is
 * UCS-2, 67 UTF-16 code units a segment (134 for two). GSM-7's extension
 * characters (^{}\[~]|€) take two septets each.
 */

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€';

export const MAX_SEGMENTS = 2;
/** Two segments: GSM-7 septets, UCS-2 code units. */
export const GSM7_LIMIT = 306;
export const UCS2_LIMIT = 134;
const ELLIPSIS_GSM = '...';
const ELLIPSIS_UCS2 = '…';

export function isGsm7(text: string): boolean {
  for (const char of text) {
    if (!GSM_BASIC.includes(char) && !GSM_EXTENDED.includes(char)) return false;
  }
  return true;
}

/** Septets of a GSM-7 text (extension characters count two). */
export function gsm7Length(text: string): number {
  let length = 0;
  for (const char of text) length += GSM_EXTENDED.includes(char) ? 2 : 1;
  return length;
}

/**
 * `text` cut to at most two segments, ending with an ellipsis when cut
 * (never splitting a surrogate pair or a GSM-7 escape).
 */
export function fitTwoSegments(text: string): string {
  const body = text.trim();
  if (isGsm7(body)) {
    if (gsm7Length(body) <= GSM7_LIMIT) return body;
    const budget = GSM7_LIMIT - ELLIPSIS_GSM.length;
    let used = 0;
    let cut = '';
    for (const char of body) {
      const cost = GSM_EXTENDED.includes(char) ? 2 : 1;
      if (used + cost > budget) break;
      used += cost;
      cut += char;
    }
    return `${cut.trimEnd()}${ELLIPSIS_GSM}`;
  }
  if (body.length <= UCS2_LIMIT) return body;
  const budget = UCS2_LIMIT - ELLIPSIS_UCS2.length;
  let cut = '';
  for (const char of body) {
    if (cut.length + char.length > budget) break;
    cut += char;
  }
  return `${cut.trimEnd()}${ELLIPSIS_UCS2}`;
}

/** Segments a body takes (for tests and logs). */
export function segmentCount(text: string): number {
  if (text.length === 0) return 1;
  if (isGsm7(text)) {
    const septets = gsm7Length(text);
    return septets <= 160 ? 1 : Math.ceil(septets / 153);
  }
  return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
}
