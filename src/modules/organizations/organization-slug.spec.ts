import { organizationSlug, SLUG_BASE_MAX_LENGTH, slugBase, slugSuffix } from './organization-slug';

describe('slugBase', () => {
  it.each([
    ['Acme Logistics', 'acme-logistics'],
    ['  Acme   Logistics  ', 'acme-logistics'],
    ['ACME & Sons, Ltd.', 'acme-sons-ltd'],
    ['Café Nöel', 'cafe-noel'],
    ['Straße 42', 'strasse-42'],
    ['Łódź Øresund', 'lodz-oresund'],
    ['--dashes--everywhere--', 'dashes-everywhere'],
    ['under_score', 'under-score'],
  ])('turns %p into %p', (name, slug) => {
    expect(slugBase(name)).toBe(slug);
  });

  it('falls back to "org" when nothing of the name survives', () => {
    expect(slugBase('東京')).toBe('org');
    expect(slugBase('!!!')).toBe('org');
    expect(slugBase('')).toBe('org');
  });

  it('caps the length and never ends in a dash after cutting', () => {
    const slug = slugBase(`${'a'.repeat(SLUG_BASE_MAX_LENGTH - 1)} bcdef`);
    expect(slug.length).toBeLessThanOrEqual(SLUG_BASE_MAX_LENGTH);
    expect(slug).toBe('a'.repeat(SLUG_BASE_MAX_LENGTH - 1));
  });
});

describe('organizationSlug', () => {
  it('appends the suffix to the readable part', () => {
    expect(organizationSlug('Acme Logistics', 'x1y2z3')).toBe('acme-logistics-x1y2z3');
  });

  it('only ever contains lowercase letters, digits and single dashes', () => {
    for (const name of ['Ünïcödé Ñame', '   ', 'a--b', 'Big Co. (EU)', '123']) {
      expect(organizationSlug(name)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it('gives two organizations with the same name different slugs', () => {
    const slugs = new Set(Array.from({ length: 50 }, () => organizationSlug('Acme')));
    expect(slugs.size).toBe(50);
  });
});

describe('slugSuffix', () => {
  it('is six characters of a-z0-9', () => {
    expect(slugSuffix()).toMatch(/^[a-z0-9]{6}$/);
  });
});
