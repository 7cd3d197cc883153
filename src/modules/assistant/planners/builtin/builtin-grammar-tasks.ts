import { dueInstant, extractRange, extractWhen, iso, localNow } from './builtin-dates';
import { Clarification, type Handler, OPEN_STATUSES, tool } from './builtin-parse-state';
import {
  matchTeam,
  type Party,
  resolveParty,
  tryParty,
  possessiveParty,
} from './builtin-resolve-people';
import { itKind, stripTaskWords, resolveTask } from './builtin-resolve-things';
import { PRONOUNS, tidyTitle } from './builtin-text';

// Task grammar: creating, commenting on, looking up and listing tasks.

const PRIORITY_WORDS: { re: RegExp; value: string }[] = [
  { re: /\b(?:urgent(?:ly)?|asap|as soon as possible|top priority|critical)\b/i, value: 'URGENT' },
  { re: /\b(?:high|important)(?:[\s-]+priority)?\b/i, value: 'HIGH' },
  { re: /\blow(?:[\s-]+priority)?\b/i, value: 'LOW' },
  { re: /\b(?:medium|normal)(?:[\s-]+priority)?\b/i, value: 'MEDIUM' },
];

export function priorityOf(words: string): string | undefined {
  return PRIORITY_WORDS.find((p) => p.re.test(words))?.value;
}

/** Priority said inside a title phrase ("…, it's urgent", "high priority"), removed from it. */
function takePriority(phrase: string): { priority?: string; rest: string } {
  const re =
    /[\s,;-]*(?:(?:it'?s|it is|this is|mark(?:ed)? (?:it )?(?:as)?|make it|as|with)\s+)?(?:an?\s+)?\b(urgent(?:ly)?|asap|as soon as possible|high[\s-]+priority|low[\s-]+priority|(?:medium|normal)[\s-]+priority|top priority)\b/i;
  const match = re.exec(phrase);
  if (!match) return { rest: phrase };
  return {
    priority: priorityOf(match[1]),
    rest: `${phrase.slice(0, match.index)} ${phrase.slice(match.index + match[0].length)}`
      .replace(/\s+/g, ' ')
      .trim(),
  };
}

const CREATE_TASK =
  /^(?:(?:add|create|make|new|log|open up|put in|set up|start)\b\s*)?(?:(?:a|an|another|one more|one)\s+)?((?:(?:new|quick|urgent|important|high[\s-]priority|low[\s-]priority|medium[\s-]priority|normal[\s-]priority)\s+)*)(?:task|to-?do|reminder)\b(.*)$/i;

export const createTask: Handler = (s) => {
  let assigneeMention: string | undefined;
  let phrase: string | undefined;
  let modifiers = '';
  let quoted: string | undefined;
  let remainder = '';
  const m = CREATE_TASK.exec(s.text);
  if (m) {
    modifiers = m[1] ?? '';
    let rest = (m[2] ?? '').trim();
    const quote = /(?:(?:called|titled|named)\s+)?"([^"]+)"/i.exec(rest);
    if (quote) {
      quoted = quote[1];
      remainder = `${rest.slice(0, quote.index)} ${rest.slice(quote.index + quote[0].length)}`;
      rest = '';
    }
    let r: RegExpExecArray | null;
    if (quoted !== undefined) {
      // title given verbatim; the remainder may name an assignee or a date
    } else if ((r = /^(?:called|titled|named|saying)\s+(.+)$/i.exec(rest))) {
      phrase = r[1];
    } else if ((r = /^:\s*(.*)$/.exec(rest))) {
      phrase = r[1];
    } else if ((r = /^for\s+(.+?)\s+to\s+(.+)$/i.exec(rest))) {
      [, assigneeMention, phrase] = r;
    } else if ((r = /^for\s+(.+?)\s*:\s*(.*)$/i.exec(rest))) {
      [, assigneeMention, phrase] = r;
    } else if ((r = /^for\s+(.+)$/i.exec(rest))) {
      // "add a task for Priya" (maybe with a date): the title is missing
      remainder = r[1];
    } else if ((r = /^(?:to|about|re|regarding)\s+(.+)$/i.exec(rest))) {
      phrase = r[1];
    } else {
      phrase = rest;
    }
  } else {
    let r: RegExpExecArray | null;
    if ((r = /^remind\s+(.+?)\s+to\s+(.+)$/i.exec(s.text))) {
      [, assigneeMention, phrase] = r;
    } else if (
      (r =
        /^(?:add|put)\s+(.+?)\s+(?:to|on)\s+(my|[\w.-]+(?:\s+[\w.-]+)?'s)\s+(?:tasks|task list|to-?do list|to-?dos|list|plate)$/i.exec(
          s.text,
        ))
    ) {
      phrase = r[1];
      assigneeMention = /^my$/i.test(r[2]) ? 'me' : r[2].replace(/'s$/, '');
    } else if ((r = /^i\s+(?:need|have|gotta|must)\s+(?:to\s+)?(.+)$/i.exec(s.text))) {
      assigneeMention = 'me';
      phrase = r[1];
    } else if (
      (r = /^(?:ask|tell|have|get)\s+(.+?)\s+to\s+(.+)$/i.exec(s.text)) ||
      (r =
        /^([a-z][\w.-]*(?:\s+[a-z][\w.-]*)?)\s+(?:needs|has|must|should)\s+(?:to\s+)?(.+)$/i.exec(
          s.text,
        ))
    ) {
      // only when the subject is someone we know; "the truck needs to be washed" is not a task for it
      if (!tryParty(s, r[1], true)) return null;
      [, assigneeMention, phrase] = r;
    } else {
      return null;
    }
  }
  s.tool = 'create_task';
  const input: Record<string, unknown> = {};

  // the title phrase without its date, priority and trailing "for <someone>"
  let title = '';
  let dueText = phrase ?? '';
  if (quoted !== undefined) {
    title = quoted;
    dueText = remainder;
  }
  let priority = priorityOf(modifiers);
  const when = extractWhen(dueText, s.ctx);
  if (when) dueText = when.rest;
  const prio = takePriority(dueText);
  if (prio.priority) priority = prio.priority;
  dueText = prio.rest;
  if (quoted === undefined) title = dueText;
  // "… for the maintenance team" / "… for Priya" at the end
  const tail = /\s*\bfor\s+((?:the\s+)?[\w.-]+(?:\s+[\w.-]+)?(?:\s+team)?)\s*$/i.exec(
    quoted !== undefined ? remainder : title,
  );
  if (!assigneeMention && tail) {
    const party = tryParty(s, tail[1], true);
    if (party) {
      assigneeMention = tail[1];
      if (quoted === undefined) title = title.slice(0, tail.index);
    }
  }
  if (!assigneeMention && quoted === undefined && phrase === undefined && remainder.trim()) {
    assigneeMention = (extractWhen(remainder, s.ctx)?.rest ?? remainder).trim();
  }
  if (s.titleOverride !== undefined) title = s.titleOverride;
  title = tidyTitle(title);

  if (assigneeMention && !input.dueAt) {
    // "remind me tomorrow at 8am to …": the date sits next to the person
    const inMention = extractWhen(assigneeMention, s.ctx);
    if (inMention && inMention.rest) {
      assigneeMention = inMention.rest;
      if (!when) input.dueAt = iso(dueInstant(inMention));
    }
  }
  if (assigneeMention) {
    const party = resolveParty(s, assigneeMention, true);
    if (party.kind === 'team') input.teamId = party.id;
    else input.assigneeId = party.id;
  }
  if (!title) {
    throw new Clarification('What should the task be called?', 'title', '');
  }
  input.title = title;
  if (priority) input.priority = priority;
  if (when) input.dueAt = iso(dueInstant(when));
  return tool(s, 'create_task', input);
};

const COMMENT =
  /^(?:(?:add|leave|post|write|put|drop)\s+(?:a\s+)?)?(?:comment|note)\s+(?:on|to|for|in|under)\s+(.+?)(?:\s*:\s*|\s+saying\s+|\s+that\s+says\s+|\s+that\s+reads\s+|\s*,\s*|\s+-+\s+)(.+)$/i;

export const comment: Handler = (s) => {
  const m = COMMENT.exec(s.text);
  if (!m) return null;
  s.tool = 'add_task_comment';
  const task = resolveTask(s, m[1]);
  const body = m[2].trim().replace(/^"(.*)"$/, '$1');
  if (!body) throw new Clarification('What should the comment say?', null);
  return tool(s, 'add_task_comment', { taskId: task.id, body });
};

/** "what's the status of the tire task", "tell me about it" → get_task. */
export const getTask: Handler = (s) => {
  const m =
    /^(?:show(?:\s+me)?|tell\s+me\s+about|what(?:'s|\s+is)\s+(?:the\s+)?(?:status|state)\s+(?:of|on)|status\s+(?:of|on)|details\s+(?:of|for|on)|describe|get|open|how(?:'s|\s+is)|what\s+about|any\s+news\s+on)\s+(.+)$/i.exec(
      s.text,
    );
  if (!m) return null;
  const ref = m[1].replace(/'s\s+(?:comments|details|status|notes|subtasks)$/i, '');
  const core = stripTaskWords(ref);
  const singularTask = /\b(?:task|to-?do)\b/i.test(ref) && !/\btasks\b/i.test(ref);
  const pronoun = PRONOUNS.has(core) && itKind(s) === 'task';
  if (!singularTask && !pronoun) return null;
  if (/'s\b/.test(ref) && !/^(?:the|my|that|this)\b/i.test(ref)) return null;
  s.tool = 'get_task';
  return tool(s, 'get_task', { id: resolveTask(s, ref).id });
};

export const listTasks: Handler = (s) => {
  const text = s.text;
  if (
    !/\bplate\b|\boverdue\b|\blate\b|\bworking on\b|\btasks\b|\bto-?dos\b|\bto-?do list\b|\bbacklog\b|\bwhat(?:'s| is)\s+(?:left|pending|open|due)\b/i.test(
      text,
    )
  ) {
    return null;
  }
  s.tool = 'list_tasks';
  const input: Record<string, unknown> = {};
  let m: RegExpExecArray | null;
  let party: Party | null = null;
  if (
    (m = /\b(?:the\s+)?([\w-]+)\s+team\b/i.exec(text)) &&
    matchTeam(s.ctx.directory, m[1].toLowerCase()).length
  ) {
    party = { kind: 'team', id: matchTeam(s.ctx.directory, m[1].toLowerCase())[0].id };
  } else if (
    (m = /\b(?:for|of|assigned\s+to|in)\s+(?:the\s+)?([\w-]+(?:\s+[\w-]+)?)\s*$/i.exec(text)) &&
    matchTeam(s.ctx.directory, m[1].toLowerCase()).length === 1
  ) {
    // "open tasks for dispatch"
    party = { kind: 'team', id: matchTeam(s.ctx.directory, m[1].toLowerCase())[0].id };
  } else if ((m = /\bwhat(?:\s+is|'s|\s+are)\s+(.+?)\s+working\s+on\b/i.exec(text))) {
    party = resolveParty(s, m[1], true);
  } else if (
    (m =
      /\b(?:does|do|has|have|did)\s+([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)\s+(?:have|got|own)\b/.exec(
        text,
      ))
  ) {
    party = resolveParty(s, m[1], true);
  } else if ((party = possessiveParty(s, true))) {
    // "Priya's tasks"
  } else if ((m = /\b(?:assigned\s+to|for|of)\s+([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)/.exec(text))) {
    party = resolveParty(s, m[1], true);
  } else if (
    /\b(?:my|me|i|mine)\b/i.test(text.replace(/\b(?:show|tell|give|let|get)\s+me\b/gi, ''))
  ) {
    party = resolveParty(s, 'me', false);
  }
  if (party?.kind === 'team') input.teamId = party.id;
  else if (party) input.assigneeId = party.id;

  const statuses: string[] = [];
  if (/\bblocked\b|\bstuck\b/i.test(text)) statuses.push('BLOCKED');
  if (/\bin[\s-]progress\b/i.test(text)) statuses.push('IN_PROGRESS');
  if (/\b(?:done|completed|finished|closed)\b/i.test(text)) statuses.push('DONE');
  if (/\bcancell?ed\b/i.test(text)) statuses.push('CANCELLED');
  input.status = statuses.length ? statuses : [...OPEN_STATUSES];
  const priority = /\burgent\b/i.test(text)
    ? 'URGENT'
    : /\bhigh[\s-]priority\b/i.test(text)
      ? 'HIGH'
      : /\blow[\s-]priority\b/i.test(text)
        ? 'LOW'
        : undefined;
  if (priority) input.priority = [priority];
  if (/\boverdue\b|\blate\b|\bpast due\b/i.test(text)) {
    input.dueBefore = iso(localNow(s.ctx));
  } else if (/\bdue\b/i.test(text)) {
    const range = extractRange(text, s.ctx);
    if (range && /\bdue\s+(?:by|before|until)\b/i.test(text)) {
      // "due by Friday": everything due up to the end of Friday
      input.dueBefore = iso(range.to);
    } else if (range) {
      input.dueAfter = iso(range.from);
      input.dueBefore = iso(range.to);
    }
  }
  return tool(s, 'list_tasks', input);
};
