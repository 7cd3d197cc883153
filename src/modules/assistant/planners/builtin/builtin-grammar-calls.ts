import { extractRange, iso, localNow, type Range } from './builtin-dates';
import { Clarification, type State, type Handler, tool } from './builtin-parse-state';
import { possessiveParty } from './builtin-resolve-people';
import { findCampaign } from './builtin-resolve-things';

// Calls grammar: quality reports, call scores, calls and campaigns.

export const qualityReport: Handler = (s) => {
  if (
    !/\b(?:quality|qa)\s+(?:report|scores?|numbers|summary)\b|\bscorecard report\b/i.test(s.text)
  ) {
    return null;
  }
  s.tool = 'quality_report';
  const campaignId = findCampaign(s, s.text, true);
  const range = extractRange(s.text, s.ctx) ?? weekRange(s);
  const groupBy = /\b(?:by|per)\s+(?:day|date)\b|\bdaily\b/i.test(s.text)
    ? 'DAY'
    : /\b(?:by|per)\s+criteri(?:on|a)\b/i.test(s.text)
      ? 'CRITERION'
      : 'AGENT';
  return tool(s, 'quality_report', {
    campaignId,
    from: iso(range.from),
    to: iso(range.to),
    groupBy,
  });
};

function weekRange(s: State): Range {
  const now = localNow(s.ctx);
  return { from: now.startOf('week'), to: now.startOf('week').plus({ weeks: 1 }), rest: s.text };
}

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;

export const calls: Handler = (s) => {
  const uuid = UUID.exec(s.text)?.[0].toLowerCase();
  const thatCall = /\b(?:that|this|the same)\s+call\b|^(?:re)?score\s+it$/i.test(s.text);
  if (
    /^(?:re-?)?score\s+(?:call\b|the call\b|that call\b|this call\b|it\b)|^run\s+(?:the\s+)?scor/i.test(
      s.text,
    )
  ) {
    s.tool = 'score_call';
    const callId = uuid ?? (thatCall ? s.ctx.memory.lastCallId : undefined);
    if (!callId) throw new Clarification('Which call should I score?', null);
    return tool(s, 'score_call', { callId });
  }
  if (
    /\bscor(?:e|ed|es|ing)\b|\brat(?:ed|ing)\b|\bhow did\b.*\bgo\b/i.test(s.text) &&
    /\bcall\b/i.test(s.text)
  ) {
    s.tool = 'get_call_score';
    if (/\b(?:last|latest|most recent|previous|newest)\s+call\b/i.test(s.text)) {
      return tool(s, 'list_calls', { first: 1 }, 'get_call_score');
    }
    const callId = uuid ?? (thatCall ? s.ctx.memory.lastCallId : undefined);
    if (!callId) throw new Clarification('Which call do you mean?', null);
    return tool(s, 'get_call_score', { callId });
  }
  if (/\bcampaigns\b/i.test(s.text) && !/\bcalls\b/i.test(s.text)) {
    s.tool = 'list_campaigns';
    return tool(s, 'list_campaigns', {});
  }
  if (/\bcalls\b/i.test(s.text) && !/^(?:schedule|book|set up|make)\b/i.test(s.text)) {
    s.tool = 'list_calls';
    const input: Record<string, unknown> = {};
    const last = /\b(?:last|latest|recent|newest)\s+(\d{1,2})\s+calls\b/i.exec(s.text);
    if (last) input.first = Math.min(50, Math.max(1, Number(last[1])));
    const campaignId = findCampaign(s, s.text, false);
    if (campaignId) input.campaignId = campaignId;
    if (/\bmy\s+calls\b|\bcalls\s+i\b/i.test(s.text) && s.ctx.callerId)
      input.agentId = s.ctx.callerId;
    else {
      const agent = possessiveParty(s, false);
      if (agent) input.agentId = agent.id;
    }
    const range = extractRange(s.text, s.ctx);
    if (range) {
      input.from = iso(range.from);
      input.to = iso(range.to);
    }
    return tool(s, 'list_calls', input);
  }
  return null;
};
