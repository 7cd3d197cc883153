import { randomInt } from 'node:crypto';

export const SLUG_BASE_MAX_LENGTH = 40;
/** Latin letters that Unicode does not decompose into a base letter plus accents. */
const FOLDED: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ł: 'l',
  þ: 'th',
};

const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const SLUG_SUFFIX_LENGTH = 6;

/**
 * The readable part of a slug: the name in lowercase a-z0-9 and dashes.
 * Accents are folded rather than dropped ("Café Nöel" → "cafe-noel"), so the
 * slug still reads like the name; a name with nothing latin in it gets "org".
 */
export function slugBase(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[ßæœøđłþ]/g, (letter) => FOLDED[letter])
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_BASE_MAX_LENGTH)
    .replace(/^-+|-+$/g, '');
  return base || 'org';
}

/** 36^6 ≈ 2 billion suffixes: two organizations with the same name practically never collide. */
export function slugSuffix(): string {
  let suffix = '';
  for (let i = 0; i < SLUG_SUFFIX_LENGTH; i++) {
    suffix += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  }
  return suffix;
}

export function organizationSlug(name: string, suffix: string = slugSuffix()): string {
  return `${slugBase(name)}-${suffix}`;
}
