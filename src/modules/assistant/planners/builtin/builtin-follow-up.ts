import { SELF, matchMembers, matchTeam, looksLikeTeam } from './builtin-resolve-people';
import { compact } from './builtin-resolve-things';
import { refTokens, matchAll, normalKey } from './builtin-text';
import type { ParseContext, PendingClarification } from './builtin-types';

// Reading an answer to a pending clarification: the option it picks, or a cancel.

export const CANCEL_ANSWER = /^(?:never\s?mind|forget it|cancel|stop|no|nothing|skip it)$/i;
const ORDINALS: Record<string, number> = {
  first: 0,
  '1st': 0,
  one: 0,
  '1': 0,
  second: 1,
  '2nd': 1,
  two: 1,
  '2': 1,
  third: 2,
  '3rd': 2,
  three: 2,
  '3': 2,
  former: 0,
  latter: 1,
  last: -1,
};

/** The option an answer picks ("Marcus Lee", "the one in dispatch", "the second"), or null. */
export function pickOption(
  answer: string,
  pending: PendingClarification,
  ctx: ParseContext,
): string | null {
  const options = pending.options ?? [];
  const key = normalKey(answer);
  const exact = options.filter((o) => normalKey(o.label) === key);
  if (exact.length === 1) return exact[0].id;
  const words = refTokens(answer).filter(
    (w) => !['from', 'team', 'who', 'is', 'works', 'guy', 'person', 'lady', 'called'].includes(w),
  );
  if (options.length > 0) {
    const ordinal = words.length === 1 ? ORDINALS[words[0]] : undefined;
    if (ordinal !== undefined) return options.at(ordinal)?.id ?? null;
    const found = matchAll(words, options, (o) =>
      refTokens([o.label, ...(o.hints ?? [])].join(' ')),
    );
    return found.length === 1 ? found[0].id : null;
  }
  // no list offered: the answer names the thing itself
  const directory = ctx.directory;
  switch (pending.slot) {
    case 'person': {
      if (SELF.has(key) && ctx.callerId) return ctx.callerId;
      const team = matchTeam(directory, key);
      if (team.length === 1 && looksLikeTeam(key)) return team[0].id;
      const members = matchMembers(directory, key);
      return members.length === 1 ? members[0].id : null;
    }
    case 'task': {
      const found = matchAll(words, directory.tasks, (t) => refTokens(t.title));
      return found.length === 1 ? found[0].id : null;
    }
    case 'event': {
      const found = matchAll(words, directory.events, (e) => refTokens(e.title));
      const ids = [...new Set(found.map((e) => e.id))];
      return ids.length === 1 ? ids[0] : null;
    }
    case 'vehicle': {
      const found = directory.vehicles.filter((v) => compact(v.name) === compact(answer));
      return found.length === 1 ? found[0].id : null;
    }
    case 'campaign': {
      const found = matchAll(words, directory.campaigns, (c) => refTokens(c.name));
      return found.length === 1 ? found[0].id : null;
    }
    case 'alert':
    case 'body':
    case 'time':
    case 'title':
      return null;
  }
}
