import { Clarification, type State, type Member } from './builtin-parse-state';
import { capitalise, normalKey, orList } from './builtin-text';
import type { ClarifyOption, Directory } from './builtin-types';

// Resolving people and teams named in a request against the directory; ambiguity → a question.

// ---------------------------------------------------------------------------
// people and teams

/** Common short names → the first name on the profile. */
const SHORT_NAMES: Record<string, string[]> = {
  sam: ['samantha', 'samuel'],
  alex: ['alexander', 'alexandra', 'alexis'],
  mike: ['michael'],
  liz: ['elizabeth'],
  beth: ['elizabeth', 'bethany'],
  bob: ['robert'],
  rob: ['robert'],
  bill: ['william'],
  will: ['william'],
  kate: ['katherine', 'kathryn', 'catherine'],
  katie: ['katherine', 'kathryn', 'catherine'],
  chris: ['christopher', 'christina', 'christine'],
  dan: ['daniel'],
  danny: ['daniel'],
  dave: ['david'],
  jim: ['james'],
  jimmy: ['james'],
  joe: ['joseph'],
  matt: ['matthew'],
  nick: ['nicholas'],
  pat: ['patricia', 'patrick'],
  tom: ['thomas'],
  ben: ['benjamin'],
  jen: ['jennifer'],
  jenny: ['jennifer'],
  tony: ['anthony'],
  andy: ['andrew'],
  drew: ['andrew'],
  steve: ['steven', 'stephen'],
  greg: ['gregory'],
  ed: ['edward'],
  ted: ['edward', 'theodore'],
  vicky: ['victoria'],
  abby: ['abigail'],
  gabe: ['gabriel'],
  josh: ['joshua'],
  zach: ['zachary'],
  nate: ['nathan', 'nathaniel'],
};

export const SELF = new Set(['me', 'i', 'myself', 'my', 'mine', 'my own', 'i myself']);

export function matchMembers(directory: Directory, key: string): Member[] {
  const exact = directory.members.filter(
    (m) => m.name.toLowerCase() === key || m.email.toLowerCase() === key,
  );
  if (exact.length > 0) return exact;
  const words = key.split(' ').filter(Boolean);
  const firstNames = (word: string) => [word, ...(SHORT_NAMES[word] ?? [])];
  if (words.length === 1) {
    const [word] = words;
    const byFirst = directory.members.filter((m) =>
      firstNames(word).includes(m.name.toLowerCase().split(/\s+/)[0]),
    );
    if (byFirst.length > 0) return byFirst;
    return directory.members.filter((m) => {
      const parts = m.name.toLowerCase().split(/\s+/);
      return parts.length > 1 && parts[parts.length - 1] === word;
    });
  }
  if (words.length === 2) {
    return directory.members.filter((m) => {
      const parts = m.name.toLowerCase().split(/\s+/);
      const last = parts[parts.length - 1];
      return (
        parts.length > 1 &&
        firstNames(words[0]).includes(parts[0]) &&
        (last === words[1] ||
          (words[1].replace('.', '').length === 1 && last.startsWith(words[1][0])))
      );
    });
  }
  return [];
}

function teamNames(directory: Directory, member: Member): string[] {
  return (member.teamIds ?? [])
    .map((id) => directory.teams.find((t) => t.id === id)?.name)
    .filter((name): name is string => !!name);
}

function memberOption(directory: Directory, member: Member): ClarifyOption {
  const teams = teamNames(directory, member);
  return {
    id: member.id,
    label: teams.length ? `${member.name} (${teams.join(', ')})` : member.name,
    hints: [...teams, member.email],
  };
}

export function matchTeam(directory: Directory, key: string): Directory['teams'] {
  const name = key
    .replace(/^the\s+/, '')
    .replace(/\s+team$/, '')
    .replace(/^team\s+/, '')
    .trim();
  return directory.teams.filter((t) => t.name.toLowerCase() === name);
}

export const looksLikeTeam = (key: string): boolean => /\bteam\b/.test(key);

export type Party =
  { kind: 'person'; id: string; member: Member | null } | { kind: 'team'; id: string };

/** A person (or team, when `teams`) named in the request. Throws a question when unsure. */
export function resolveParty(s: State, mention: string, teams: boolean): Party {
  const key = normalKey(mention).replace(/^(?:to|for|with)\s+/, '');
  const chosen = s.chosen[`person:${key}`];
  if (chosen) {
    const member = s.ctx.directory.members.find((m) => m.id === chosen) ?? null;
    if (member) return { kind: 'person', id: member.id, member };
    if (s.ctx.directory.teams.some((t) => t.id === chosen)) return { kind: 'team', id: chosen };
  }
  if (SELF.has(key)) {
    if (!s.ctx.callerId) throw new Clarification('Who do you mean by "me"?', 'person', key, []);
    const member = s.ctx.directory.members.find((m) => m.id === s.ctx.callerId) ?? null;
    return { kind: 'person', id: s.ctx.callerId, member };
  }
  if (teams) {
    const team = matchTeam(s.ctx.directory, key);
    if (team.length === 1) return { kind: 'team', id: team[0].id };
  }
  if (!looksLikeTeam(key)) {
    const members = matchMembers(s.ctx.directory, key.replace(/^the\s+/, ''));
    if (members.length === 1) return { kind: 'person', id: members[0].id, member: members[0] };
    if (members.length > 1) {
      const options = members.map((m) => memberOption(s.ctx.directory, m));
      throw new Clarification(
        `Which ${capitalise(mention.trim())} do you mean: ${orList(options.map((o) => o.label))}?`,
        'person',
        key,
        options,
      );
    }
  }
  throw new Clarification(
    looksLikeTeam(key)
      ? `I can't find a team called "${mention.trim()}". Which team do you mean?`
      : `I don't know anyone called "${mention.trim()}" in your organization. Who do you mean?`,
    'person',
    key,
    [],
  );
}

export function resolvePerson(s: State, mention: string): { id: string; member: Member | null } {
  const party = resolveParty(s, mention, false);
  if (party.kind !== 'person') throw new Clarification('Who do you mean?', 'person', mention, []);
  return party;
}

/** A name that resolves without a question, or null (used where a name is optional). */
export function tryParty(s: State, mention: string, teams: boolean): Party | null {
  try {
    return resolveParty(s, mention, teams);
  } catch (error) {
    if (error instanceof Clarification && error.options && error.options.length > 1) throw error;
    return null;
  }
}

export const firstName = (member: Member | null): string => member?.name.split(/\s+/)[0] ?? '';

/** "Priya and I", "Jordan, Priya and me" → mentions. */
export const splitNames = (text: string): string[] =>
  text
    .split(/\s*(?:,|\band\b|&|\bplus\b)\s*/i)
    .map((n) => n.replace(/^\s*(?:both|all)\s+/i, '').trim())
    .filter(Boolean);

const NOT_NAMES = new Set([
  'what',
  'who',
  'where',
  'that',
  'it',
  'there',
  'here',
  'how',
  'let',
  'today',
  'tomorrow',
  'week',
  'day',
  'everyone',
  'team',
  'he',
  'she',
  'when',
]);

/** The person whose things are asked about ("Priya's tasks", "Marcus Brown's calendar"). */
export function possessiveParty(s: State, teams: boolean): Party | null {
  const re = /(?<![\w'])([A-Za-z][\w.-]*)(?:\s+([A-Za-z][\w.-]*))?'s\b/g;
  for (const match of s.text.matchAll(re)) {
    const words = [match[1], match[2]].filter((w): w is string => !!w);
    const last = words[words.length - 1];
    if (NOT_NAMES.has(last.toLowerCase())) continue;
    if (words.length === 2 && !NOT_NAMES.has(words[0].toLowerCase())) {
      const pair = tryParty(s, words.join(' '), teams);
      if (pair) return pair;
    }
    return resolveParty(s, last, teams);
  }
  return null;
}
