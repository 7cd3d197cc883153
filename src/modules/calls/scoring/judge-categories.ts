import { Speaker } from '../calls.enums';
import { Segment } from './call-metrics';

/**
 * Categories: curated phrase and pattern sets per common QA concept, as
 * speech-analytics products scored calls before language models. Each
 * pattern is a regular expression over one sentence's words, lower-cased,
 * punctuation dropped and common contractions expanded ("I'll" → "i will",
 * "can't" → "cannot", "don't" → "do not"), so a pattern is written once in
 * the long form. Patterns describe the concept in general terms (verbs,
 * feelings, time expressions), not the wording of particular calls.
 *
 * - speaker: only that speaker's sentences count (empathy from the customer
 *   is not the agent's empathy);
 * - negatable: a negator (not, no, never, cannot, unable, nothing, nobody,
 *   neither, nor, without) among the three words before the match, in the
 *   same clause (no comma, semicolon or colon between), blocks the match
 *   ("I am not going to apologise"), except the emphatic "cannot … enough"
 *   ("I can't apologise enough") and "no problem / no worries";
 * - strength: how fully a match shows the concept (a specific empathy
 *   statement 1, a bare "I understand" 0.6).
 */
export type CategoryId =
  | 'greeting'
  | 'introduction'
  | 'verification'
  | 'account_details'
  | 'empathy'
  | 'apology'
  | 'ownership'
  | 'next_step'
  | 'vague_promise'
  | 'hold_request'
  | 'hold_unannounced'
  | 'hold_thanks'
  | 'closing_question'
  | 'farewell'
  | 'escalation'
  | 'escalation_request'
  | 'customer_problem'
  | 'blame'
  | 'dismissive'
  | 'profanity';

export interface CategoryPattern {
  /** Global (`g`): reset `lastIndex` before use. */
  pattern: RegExp;
  strength: number;
  /**
   * Whether a negator inside the match is part of the phrase ("that is not
   * acceptable"); otherwise it blocks the match like one before it ("I will
   * not be able to call you tomorrow").
   */
  negatorInside?: boolean;
  /** What the pattern stands for, shown in the rationale. */
  label: string;
}

export interface CategoryDefinition {
  id: CategoryId;
  /** A supervisor's name for it. */
  title: string;
  speaker: Speaker;
  negatable: boolean;
  patterns: CategoryPattern[];
}

/** A pattern source as a regular expression matching whole words only. */
const words = (source: string): RegExp =>
  new RegExp(`(?<![a-z0-9'])(?:${source})(?![a-z0-9'])`, 'g');

const p = (
  label: string,
  source: string,
  strength = 1,
  negatorInside = false,
): CategoryPattern => ({
  pattern: words(source),
  strength,
  label,
  negatorInside,
});

const FEELING =
  '(?:frustrating|stressful|worrying|upsetting|annoying|disappointing|horrible|awful|difficult|hard|' +
  'scary|frightening|unsettling|inconvenient|concerning|distressing|exhausting|maddening|' +
  'a (?:pain|worry|nightmare|hassle|blocker|real blocker|lot to deal with))';
const QUANTITY =
  '(?:\\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|' +
  'thirty|forty|forty eight|seventy two|twenty four|a couple of|couple of|a few|few|several)';
const UNIT = '(?:minutes?|mins?|hours?|days?|weeks?|months?)';
/** "the next few working days", "two to three days", "an hour". */
const SPAN = `(?:the next |the )?(?:${QUANTITY} )?(?:(?:to|or) ${QUANTITY} )?(?:working |business |calendar )?${UNIT}`;
const DAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend)';
/** A time frame: a day, a date-like phrase, a clock time or a span. */
const TIME_FRAME =
  `(?:today|tonight|tomorrow|this (?:morning|afternoon|evening|week|weekend)|` +
  `(?:next|this|on|by|before|from|until) ${DAY}|${DAY} (?:morning|afternoon|evening|at|between|before|by)|` +
  `next (?:week|month)|(?:within|in|over|under) ${SPAN}|${QUANTITY} (?:to|or) ${QUANTITY} (?:working |business )?${UNIT}|` +
  `(?:24|48|72) hours|by (?:the )?(?:end of (?:the )?(?:day|today|week|month)|close of business|noon|midday|\\d)|` +
  `end of (?:the )?(?:day|week)|\\d{1,2}(?: \\d\\d)? ?(?:am|pm)|\\d{1,2}(?:am|pm)|at \\d{1,2}(?: \\d\\d)?|` +
  `between \\d{1,2}(?: \\d\\d)?(?: ?[ap]m)? and \\d|straight away|right away|immediately|first thing)`;
const IDENTIFIER =
  '(?:date of birth|dob|(?:post|zip) ?code|(?:first line of (?:your |the )?)?address|full name|' +
  'security (?:question|questions|answer|word|code|check|details)|passcode|password|pin|' +
  'memorable (?:word|information)|last (?:four|4|three|3) (?:digits|numbers)|' +
  '(?:account|policy|order|customer|membership|member|tracking|reference|booking|claim|case) (?:number|code|pin|id)|' +
  'reference|(?:billing|admin|account|registered) (?:email|phone|mobile)|email (?:address )?on (?:the|your) account|' +
  'nhs number|national insurance number|the number you are (?:moving|porting))';
const AGENT_ACTION =
  '(?:fix|sort|resolve|arrange|book|send|process|credit|refund|reissue|rebill|update|raise|escalate|' +
  'look into|investigate|check|chase|call|ring|email|text|make sure|take care of|set up|add|move|reset|' +
  'submit|open|cancel|organi[sz]e|find|follow up|push|replace|order|dispatch|schedule|reschedule|' +
  'correct|waive|remove|extend|apply|log|get (?:this|that|it|you|someone|an?)|help you|help with|sort out|deal with)';
const DONE_ACTION =
  '(?:fixed|sorted|resolved|arranged|booked|sent|processed|credited|refunded|reissued|rebilled|updated|' +
  'raised|escalated|added|moved|reset|submitted|opened|blocked|corrected|rebooked|reassigned|extended|' +
  'generated|pushed|removed|set up|re ?entered|resubmitted|asked|issued|emailed|changed|cancelled|' +
  'canceled|applied|logged|placed|scheduled|rescheduled|ordered|dispatched|waived|replaced|restored|' +
  'reconnected|unblocked|approved|requested|flagged|noted and escalated|put a hold|found)';

export const CATEGORIES: readonly CategoryDefinition[] = [
  {
    id: 'greeting',
    title: 'greeting',
    speaker: Speaker.AGENT,
    negatable: false,
    patterns: [
      p(
        'greeting',
        'hello|hi|hiya|hey there|good (?:morning|afternoon|evening|day)|welcome to|you have reached|' +
          'thanks? (?:you )?for (?:calling|contacting|choosing|ringing|getting in touch)|' +
          'you are (?:through to|speaking (?:to|with))',
      ),
    ],
  },
  {
    id: 'introduction',
    title: 'self-introduction',
    speaker: Speaker.AGENT,
    negatable: false,
    patterns: [
      p(
        'gives their name',
        "my name is|my name's|you are speaking (?:to|with) [a-z]+|this is [a-z]+",
      ),
      p(
        'gives their name',
        '(?:i am|it is) [a-z]+ (?:here|speaking|from|at|with)|[a-z]+ (?:speaking|here)$',
      ),
    ],
  },
  {
    id: 'verification',
    title: 'identity verification',
    speaker: Speaker.AGENT,
    negatable: true,
    patterns: [
      p('asks for an identifier', IDENTIFIER),
      p(
        'confirms identity',
        'you are (?:now |fully |all )?verified|(?:that|it|everything|all) matches|' +
          'passed (?:security|verification)|verify (?:your )?(?:identity|account|details)|' +
          'for (?:your )?security|for security (?:purposes|reasons)|data protection',
      ),
    ],
  },
  {
    id: 'account_details',
    title: 'account details discussed',
    speaker: Speaker.AGENT,
    negatable: true,
    patterns: [
      p(
        'discusses the account',
        'i (?:can )?see (?:that )?(?:your|the|you|there|it|a|two|three|\\d)|it (?:looks like|shows)|' +
          'your (?:balance|salary|wages|statement|transactions?|payments?|bill) (?:is|was|has|from|went|shows)|' +
          '(?:has|have) (?:gone out|landed|come in|gone through)|your balance',
      ),
    ],
  },
  {
    id: 'empathy',
    title: 'empathy / acknowledgement',
    speaker: Speaker.AGENT,
    negatable: true,
    patterns: [
      p(
        'names the feeling or situation',
        `(?:that|this|it|which) (?:must|would|will|can|sounds|is|does sound|must have|would have) ` +
          `(?:be |been |feel |sound |have been )?(?:really |so |very |incredibly |quite |such |extremely |pretty |a bit )?${FEELING}|` +
          `sounds (?:really |so |very |incredibly )?${FEELING}`,
      ),
      p(
        'acknowledges the feeling',
        '(?:i|we) can (?:hear|see|imagine|tell|understand) (?:how|that|why|you)|' +
          '(?:sorry|sad|unhappy) to hear|i (?:know|realise|realize|appreciate) how|i hear you|' +
          '(?:completely|totally|perfectly|entirely) (?:understandable|fair)|' +
          'i (?:completely |totally |really |fully |do )?understand (?:why|how|the urgency|that is|your (?:frustration|concern|worry|worries|situation))|' +
          `how ${FEELING}|` +
          'you (?:did|have done) the right thing|i hope (?:she|he|they|you|it) (?:feels?|gets?|is|are|eases)|' +
          'are you (?:ok|okay|alright|all right|hurt)|(?:i am )?glad (?:you are|you called|you are not)|' +
          'nobody likes|no one likes',
      ),
      p(
        'acknowledges it should not have happened',
        'that is not (?:acceptable|ok|okay|right|good enough)|not acceptable|should not have (?:happened|to)',
        1,
        true,
      ),
      p(
        'generic acknowledgement',
        'i (?:completely |totally |really |fully |do )?understand|i appreciate (?:your patience|that|you)|' +
          'oh no|bless you|i know',
        0.6,
      ),
    ],
  },
  {
    id: 'apology',
    title: 'apology',
    speaker: Speaker.AGENT,
    negatable: true,
    patterns: [
      p(
        'apologises',
        'sorry|apologi[sz]e|apologies|apologi[sz]ing|my bad|i regret|' +
          '(?:excuse|pardon) the (?:wait|delay|inconvenience)',
      ),
    ],
  },
  {
    id: 'ownership',
    title: 'ownership',
    speaker: Speaker.AGENT,
    negatable: true,
    patterns: [
      p(
        'has acted',
        `(?:i|we) (?:have|had) (?:just |now |already |also |personally )?${DONE_ACTION}|^done`,
      ),
      p(
        'accepts responsibility',
        '(?:that|this|it) (?:is|was) (?:on us|our (?:mistake|fault|error)|on our (?:side|end))|' +
          '(?:an?|our) (?:error|mistake) on our (?:side|part|end)|' +
          'i (?:will|am going to) take (?:ownership|responsibility|care of)|leave it with me',
      ),
      p(
        'commits to act',
        `(?:i|we) (?:will|am going to|are going to|shall) (?:personally |also |just |now |then )?${AGENT_ACTION}`,
        0.9,
      ),
      p(
        'offers to act',
        `(?:i|we) can ${AGENT_ACTION}|let me (?:look|check|see|find|sort|fix|help|get|have a look|take)`,
        0.6,
      ),
    ],
  },
  {
    id: 'next_step',
    title: 'next step with a time frame',
    speaker: Speaker.AGENT,
    negatable: true,
    patterns: [
      p(
        'commitment with a time frame',
        `(?:will|shall|going to|should (?:be|arrive|have|hear|receive|get|reappear|reach)|expect|` +
          `can expect|arrives?|be (?:ready|with you|back)|(?:booked|moved|scheduled|rescheduled) (?:you )?(?:for|to|in|on))` +
          `(?:[a-z0-9' ]*?) ${TIME_FRAME}`,
      ),
      p(
        'time frame before the commitment',
        `${TIME_FRAME}(?:[a-z0-9' ]*?) (?:will|shall|you will|we will)`,
      ),
    ],
  },
  {
    id: 'vague_promise',
    title: 'vague promise',
    speaker: Speaker.AGENT,
    negatable: true,
    patterns: [
      p(
        'commits without a time frame',
        '(?:someone|somebody|they|we|i) (?:will|should) (?:be in touch|get back|contact you|call you|get to it|look at it)|' +
          'soon|shortly|at some point|in due course|as soon as (?:possible|we can|they can)|when (?:we|they) can|hopefully',
      ),
    ],
  },
  {
    id: 'hold_request',
    title: 'asks before a hold',
    speaker: Speaker.AGENT,
    negatable: true,
    patterns: [
      p(
        'asks permission to hold',
        '(?:can|could|may|might) i (?:put|place|pop|keep) you on (?:a )?(?:\\w+ )?hold|' +
          '(?:do|would) you mind (?:if i |me )?(?:put|place|putting|placing|holding|waiting|hold)|' +
          '(?:is it|would it be|is that) (?:ok|okay|alright|all right|fine) (?:if i|to) (?:put|place|pop|hold)|' +
          '(?:can|could) you (?:hold|bear with me|wait)|are you (?:ok|okay|happy) to (?:hold|wait)',
      ),
    ],
  },
  {
    id: 'hold_unannounced',
    title: 'hold without asking',
    speaker: Speaker.AGENT,
    negatable: true,
    patterns: [
      p(
        'tells the customer to hold',
        '^(?:please |just )?hold(?: on| the line)?$|please hold|hold on|just hold|' +
          'i (?:will|am going to|am just going to) (?:just )?(?:put|place|pop) you on hold|' +
          '(?:one|just a|a) (?:moment|sec|second|minute) while|bear with me',
      ),
    ],
  },
  {
    id: 'hold_thanks',
    title: 'thanks after a hold',
    speaker: Speaker.AGENT,
    negatable: false,
    patterns: [p('thanks for holding', 'thanks? (?:you )?for (?:holding|waiting|your patience)')],
  },
  {
    id: 'closing_question',
    title: 'asks if there is anything else',
    speaker: Speaker.AGENT,
    negatable: true,
    patterns: [
      p(
        'anything else',
        'anything else|anything more|anything further|what else can i|any other (?:questions|queries)|' +
          'something else i can',
      ),
    ],
  },
  {
    id: 'farewell',
    title: 'farewell',
    speaker: Speaker.AGENT,
    negatable: false,
    patterns: [
      p(
        'says goodbye',
        'have a (?:good|great|nice|lovely|wonderful|pleasant) (?:day|one|evening|afternoon|weekend|night|morning)|' +
          'take care|thanks? (?:you )?for (?:calling|shopping|banking|choosing|your call|getting in touch)|' +
          'bye|goodbye|speak (?:soon|tomorrow|later)|enjoy (?:your|the)',
      ),
    ],
  },
  {
    id: 'escalation',
    title: 'escalation',
    speaker: Speaker.AGENT,
    negatable: true,
    patterns: [
      p(
        'escalates',
        'escalat\\w*|(?:senior|specialist|second line|technical|engineering|claims) (?:team|handler|engineer)|' +
          '(?:supervisor|manager|team leader)|(?:raised|opened|logged) (?:a |the )?(?:case|ticket|complaint|dispute|claim|job)',
      ),
    ],
  },
  {
    id: 'escalation_request',
    title: 'customer asks for escalation',
    speaker: Speaker.CUSTOMER,
    negatable: true,
    patterns: [
      p(
        'asks for a manager or complains',
        '(?:speak|talk) (?:to|with) (?:a|your|the) (?:manager|supervisor|team leader)|' +
          '(?:put me through|transfer me) to|(?:want|need) (?:this|it) escalated|make a complaint|' +
          '(?:want|going) to complain|cancel my (?:account|contract|policy)|going to cancel',
      ),
    ],
  },
  {
    id: 'customer_problem',
    title: 'customer raises a problem',
    speaker: Speaker.CUSTOMER,
    negatable: false,
    patterns: [
      p(
        'describes a problem or a worry',
        'problems?|issues?|wrong|not working|(?:does|did|is) not work|broken|late|delayed|missing|lost|stolen|' +
          'never (?:arrived|came|turned up|received)|(?:has|have) not (?:arrived|come|gone|been)|' +
          '(?:over)?charged|errors?|down|cancel+ed|declined|rejected|fault|damaged|smashed|ripped|failed|failing|' +
          'refund|dropping|leak\\w*|burst|ill|sick|pain|hurt|unfair|worried|scared|annoyed|angry|upset|' +
          'frustrat\\w*|fed up|complain\\w*|cannot (?:log|get|pay|afford|access)|stopped|dispute|abnormal',
      ),
    ],
  },
  {
    id: 'blame',
    title: 'blame',
    speaker: Speaker.AGENT,
    negatable: false,
    patterns: [
      p(
        'blames someone',
        '(?:your|their|his|her) fault|not (?:my|our) fault|(?:is|was) the [a-z]+ fault|blame|' +
          'you (?:should|must|could) have (?:\\w+ed|known|read|done|sent|got|gotten|told|seen|kept|taken|gone|written|rung)|' +
          'you did (?:it |something |that )?wrong|' +
          'you are doing (?:it|something|that) wrong|(?:sent|put|entered|typed) (?:it |them )?(?:to )?the wrong|' +
          '(?:it|that) is (?:your|the) (?:bank|courier|warehouse|depot|manufacturer|employer|provider)|' +
          'not (?:me|us)$|i do not make the rules|(?:the|our) system (?:did it|does not make mistakes)',
      ),
    ],
  },
  {
    id: 'dismissive',
    title: 'dismissive language',
    speaker: Speaker.AGENT,
    negatable: false,
    patterns: [
      p(
        'dismisses the customer',
        'nothing (?:else )?(?:i|we) can do|not my (?:problem|job|department|responsibility|area)|' +
          '(?:i|we) cannot (?:help|do anything|do that)|i am (?:not able|unable) to|' +
          'calm down|whatever|it is what it is|when it (?:comes|goes|is fixed)|deal with it|' +
          'i do not know what (?:else )?to tell you|no idea|how (?:should|would) i know|' +
          'i am not (?:the|an) (?:engineer|driver|manager|doctor)|' +
          '(?:read|check|checking|look at|looking at|visit|try) (?:the|our) (?:documentation|docs|website|status page|' +
          'help (?:centre|center|page)|faq|knowledge base|manual|terms)|(?:all |is )?on the website|' +
          'not something (?:i|we) (?:am|are|can) (?:able to )?(?:do|help with|change)|' +
          '(?:call|ring|try) (?:back|again)(?: \\w+)? (?:later|tomorrow|next|after|at)|' +
          'that is (?:the|our) (?:process|policy)|(?:bank|company) policy|those are the rules|' +
          'do you want (?:me to help|help) or not|like everyone else|you will have to (?:call|ring|write)|' +
          'i (?:do not|cannot) deal with|will not change anything|wait and see|some people|' +
          'i am not going to (?:apologi[sz]e|escalate|do)|i will not (?:apologi[sz]e|escalate)|they always say that',
      ),
    ],
  },
  {
    id: 'profanity',
    title: 'profanity or insult',
    speaker: Speaker.AGENT,
    negatable: false,
    patterns: [
      p(
        'swears or insults',
        'fuck\\w*|shit\\w*|bullshit|crap|damn\\w*|bloody|hell|bastard\\w*|arse\\w*|ass|asshole|' +
          "piss\\w*|bugger|for god's sake|for god sake|idiot\\w*|stupid|moron\\w*|dumb",
      ),
    ],
  },
];

export const CATEGORY_BY_ID = new Map(CATEGORIES.map((category) => [category.id, category]));

const CONTRACTIONS: Record<string, string> = {
  "i'm": 'i am',
  "i'll": 'i will',
  "i've": 'i have',
  "i'd": 'i would',
  "we'll": 'we will',
  "we've": 'we have',
  "we're": 'we are',
  "you'll": 'you will',
  "you're": 'you are',
  "you've": 'you have',
  "they'll": 'they will',
  "they're": 'they are',
  "it's": 'it is',
  "that's": 'that is',
  "there's": 'there is',
  "what's": 'what is',
  "let's": 'let us',
  "he's": 'he is',
  "she's": 'she is',
  "can't": 'cannot',
  "won't": 'will not',
  "shan't": 'shall not',
};

/** Hesitations a speech-to-text transcript keeps: dropped, so "sorry, uh, about" reads as "sorry about". */
const FILLERS = new Set(['um', 'umm', 'uh', 'uhh', 'uhm', 'er', 'erm', 'hmm', 'mm', 'mhm']);

/** The sentence's words, contractions expanded, and each word's clause (comma-separated part). */
function tokenise(sentence: string): { tokens: string[]; clauses: number[] } {
  const tokens: string[] = [];
  const clauses: number[] = [];
  let clause = 0;
  const lower = sentence.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'");
  for (const match of lower.matchAll(/[a-z0-9]+(?:'[a-z]+)?|[,;:\u2013\u2014]/g)) {
    const token = match[0];
    if (/^[,;:\u2013\u2014]$/.test(token)) {
      clause += 1;
      continue;
    }
    if (FILLERS.has(token)) continue;
    let expanded = CONTRACTIONS[token];
    if (expanded === undefined && token.endsWith("n't")) expanded = `${token.slice(0, -3)} not`;
    for (const word of (expanded ?? token).split(' ')) {
      tokens.push(word);
      clauses.push(clause);
    }
  }
  return { tokens, clauses };
}

const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'cannot',
  'unable',
  'nothing',
  'nobody',
  'neither',
  'nor',
  'without',
]);
/** "no" in these is politeness, not negation. */
const NOT_NEGATING_AFTER_NO = new Set([
  'problem',
  'problems',
  'worries',
  'worry',
  'trouble',
  'need',
]);
const NEGATION_WINDOW = 3;

export interface Sentence {
  segment: number;
  speaker: Speaker;
  startSec: number;
  /** Verbatim, a substring of the segment's text. */
  text: string;
  tokens: string[];
  clauses: number[];
  /** The tokens joined by single spaces: what patterns run over. */
  normalised: string;
}

/** Each segment's sentences (split after . ! ?), verbatim, with their words. */
export function sentencesOf(segments: readonly Segment[]): Sentence[] {
  const sentences: Sentence[] = [];
  segments.forEach((segment, index) => {
    for (const match of segment.text.matchAll(/[^.!?]+[.!?]*|[.!?]+/g)) {
      const text = match[0].trim();
      if (text === '') continue;
      const { tokens, clauses } = tokenise(text);
      if (tokens.length === 0) continue;
      sentences.push({
        segment: index,
        speaker: segment.speaker,
        startSec: segment.startSec,
        text,
        tokens,
        clauses,
        normalised: tokens.join(' '),
      });
    }
  });
  return sentences;
}

export interface CategoryHit {
  category: CategoryId;
  sentence: Sentence;
  /** The matched words (normalised). */
  matched: string;
  label: string;
  strength: number;
}

export interface SkippedHit {
  category: CategoryId;
  sentence: Sentence;
  matched: string;
  negator: string;
}

/** The negator blocking a match at token `at` of `length` tokens, if any. */
function negatorBefore(sentence: Sentence, at: number, length: number): string | null {
  const { tokens, clauses } = sentence;
  // "I can't apologise enough", "I cannot thank you enough": emphasis, not negation.
  const after = tokens.slice(at + length, at + length + 3);
  if (after.includes('enough')) return null;
  for (let i = at - 1; i >= Math.max(0, at - NEGATION_WINDOW); i -= 1) {
    if (clauses[i] !== clauses[at]) break;
    const token = tokens[i];
    if (!NEGATORS.has(token)) continue;
    if (token === 'no' && NOT_NEGATING_AFTER_NO.has(tokens[i + 1])) continue;
    return token;
  }
  return null;
}

/** A negator inside a match (after its first word), unless the emphatic "… enough" follows. */
function negatorWithin(sentence: Sentence, at: number, length: number): string | null {
  const { tokens } = sentence;
  if (tokens.slice(at + length, at + length + 3).includes('enough')) return null;
  for (let i = at + 1; i < at + length; i += 1) {
    const token = tokens[i];
    if (!NEGATORS.has(token)) continue;
    if (token === 'no' && NOT_NEGATING_AFTER_NO.has(tokens[i + 1])) continue;
    return token;
  }
  return null;
}

/** The category's matches in the transcript's sentences (its speaker's only), negated ones apart. */
export function matchCategory(
  category: CategoryDefinition,
  sentences: readonly Sentence[],
): { hits: CategoryHit[]; skipped: SkippedHit[] } {
  const hits: CategoryHit[] = [];
  const skipped: SkippedHit[] = [];
  for (const sentence of sentences) {
    if (sentence.speaker !== category.speaker) continue;
    let best: CategoryHit | null = null;
    for (const { pattern, strength, label, negatorInside } of category.patterns) {
      if (best && best.strength >= strength) continue;
      pattern.lastIndex = 0;
      let match: RegExpExecArray | null;
      while ((match = pattern.exec(sentence.normalised)) !== null) {
        if (match[0] === '') {
          pattern.lastIndex += 1;
          continue;
        }
        const at = countSpaces(sentence.normalised, match.index);
        const length = match[0].split(' ').length;
        const negator = !category.negatable
          ? null
          : (negatorBefore(sentence, at, length) ??
            (negatorInside ? null : negatorWithin(sentence, at, length)));
        if (negator) {
          skipped.push({ category: category.id, sentence, matched: match[0], negator });
          continue;
        }
        best = { category: category.id, sentence, matched: match[0], label, strength };
        break;
      }
    }
    if (best) hits.push(best);
  }
  return { hits, skipped };
}

function countSpaces(text: string, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i += 1) if (text.charCodeAt(i) === 32) count += 1;
  return count;
}
