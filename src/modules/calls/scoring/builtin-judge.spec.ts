import { CriterionKind, Speaker } from '../calls.enums';
import { CriterionDefinition } from '../campaigns/criteria';
import { builtinJudge } from './builtin-judge';
import { Segment } from './call-metrics';
import { conceptsOf } from './criterion-concepts';
import { CATEGORY_BY_ID, CategoryId, matchCategory, sentencesOf } from './judge-categories';

let clock = 0;
const say = (speaker: 'A' | 'C', text: string, gapSec = 0.5): Segment => {
  const startSec = clock + gapSec;
  clock = startSec + 3;
  return {
    speaker: speaker === 'A' ? Speaker.AGENT : Speaker.CUSTOMER,
    text,
    startSec,
    endSec: clock,
  };
};
const call = (...lines: Array<['A' | 'C', string, number?]>): Segment[] => {
  clock = 0;
  return lines.map(([speaker, text, gap]) => say(speaker, text, gap));
};
const judged = (description: string, guidance?: string): CriterionDefinition => ({
  key: 'k',
  description,
  kind: CriterionKind.LLM_JUDGED,
  weight: 100,
  config: guidance ? { guidance } : null,
});
const matches = (id: CategoryId, segments: Segment[]): string[] =>
  matchCategory(CATEGORY_BY_ID.get(id)!, sentencesOf(segments)).hits.map(
    (hit) => hit.sentence.text,
  );

describe('categories', () => {
  it('blocks a match with a negator just before it, not across a comma or in "… enough"', () => {
    const segments = call(
      ['A', 'I am not going to apologise for that.'],
      ['A', "I can't apologise enough for the delay."],
      ['A', 'No problem, I will sort that out for you today.'],
      ['A', "Don't worry, I'll take care of it."],
      ['A', 'I will not be able to call you back tomorrow.'],
    );
    expect(matches('apology', segments)).toEqual(["I can't apologise enough for the delay."]);
    expect(matches('ownership', segments)).toEqual([
      'No problem, I will sort that out for you today.',
      "Don't worry, I'll take care of it.",
    ]);
    expect(matches('next_step', segments)).toEqual([
      'No problem, I will sort that out for you today.',
    ]);
    const skipped = matchCategory(CATEGORY_BY_ID.get('apology')!, sentencesOf(segments)).skipped;
    expect(skipped).toEqual([expect.objectContaining({ matched: 'apologise', negator: 'not' })]);
  });

  it('counts empathy and apology from the agent only', () => {
    const segments = call(
      ['C', 'Sorry to bother you, I understand you are busy, that must be stressful.'],
      ['A', 'What is the order number?'],
    );
    expect(matches('empathy', segments)).toEqual([]);
    expect(matches('apology', segments)).toEqual([]);
  });

  it('treats "I cannot help you with that" as dismissive, not ownership', () => {
    const segments = call(['A', "I can't help you with that."], ['A', 'That is your fault.']);
    expect(matches('ownership', segments)).toEqual([]);
    expect(matches('dismissive', segments)).toEqual(["I can't help you with that."]);
    expect(matches('blame', segments)).toEqual(['That is your fault.']);
  });

  it('finds blame that shifts it elsewhere, and not a harmless "you should have it"', () => {
    const segments = call(
      ['A', 'Our system did it, not me.'],
      ['A', 'You should have checked the app.'],
      ['A', 'You should have it by Friday.'],
    );
    expect(matches('blame', segments)).toEqual([
      'Our system did it, not me.',
      'You should have checked the app.',
    ]);
  });
});

describe('criterion → concepts', () => {
  it('maps a typical scorecard to its concepts, and an unknown criterion to none', () => {
    expect(conceptsOf(judged('Greets the customer and introduces themselves'))).toEqual([
      'greeting',
      'introduction',
    ]);
    expect(conceptsOf(judged('Verifies identity before discussing account details'))).toEqual([
      'verification',
    ]);
    expect(conceptsOf(judged("Acknowledges the customer's feelings"))).toEqual(['empathy']);
    expect(conceptsOf(judged('Apologises for the inconvenience'))).toEqual(['apology']);
    expect(conceptsOf(judged('Takes ownership of the problem'))).toEqual(['ownership']);
    expect(conceptsOf(judged('Sets a clear next step with a time frame'))).toEqual(['next_step']);
    expect(conceptsOf(judged('Asks before placing the customer on hold'))).toEqual(['hold']);
    expect(conceptsOf(judged('Closes by asking if there is anything else'))).toEqual(['closing']);
    expect(conceptsOf(judged('Shows empathy', 'Look for apologies'))).toEqual([
      'empathy',
      'apology',
    ]);
    expect(conceptsOf(judged('Mentions the loyalty programme'))).toEqual([]);
  });
});

describe('builtinJudge', () => {
  it('fails a hold without asking and passes one asked for, quoting verbatim', () => {
    const hold = judged('Asks before placing the customer on hold');
    const rude = call(['A', 'Hold on.'], ['A', 'Right, it is at the depot.', 60]);
    const asked = call(
      ['A', 'May I put you on hold for a minute while I check?'],
      ['C', 'Sure.'],
      ['A', 'Thanks for holding, I have found it.', 40],
    );
    const failed = builtinJudge(hold, rude);
    expect(failed.passed).toBe(false);
    expect(failed.rationale).toMatch(/hold without asking/);
    expect(failed.rationale).toMatch(/60 s of silence/);
    const passed = builtinJudge(hold, asked);
    expect(passed.passed).toBe(true);
    expect(passed.evidence).toEqual(['May I put you on hold for a minute while I check?']);
  });

  it('fails account details discussed before identity is verified', () => {
    const criterion = judged('Verifies identity before discussing account details');
    const early = call(
      ['A', 'I can see your balance is twelve pounds.'],
      ['A', 'What is your date of birth?'],
    );
    const proper = call(
      ['A', 'Can I take your date of birth?'],
      ['A', 'Thanks. I can see your balance is twelve pounds.'],
    );
    expect(builtinJudge(criterion, early).passed).toBe(false);
    expect(builtinJudge(criterion, proper)).toMatchObject({
      passed: true,
      evidence: ['Can I take your date of birth?'],
    });
  });

  it('does not credit ownership to an agent who apologises but does nothing', () => {
    const polite = call(
      ['C', 'My power is off and I have a freezer full of food.'],
      ['A', 'I am so sorry, I completely understand how stressful that must be.'],
      ['A', 'Unfortunately there is nothing I can do, try the website.'],
    );
    const ownership = builtinJudge(judged('Takes ownership of the problem'), polite);
    expect(ownership.passed).toBe(false);
    expect(ownership.evidence).toContain(
      'Unfortunately there is nothing I can do, try the website.',
    );
    const empathy = builtinJudge(judged("Acknowledges the customer's feelings"), polite);
    expect(empathy.passed).toBe(true);
    expect(empathy.rationale).toMatch(/\[empathy 1\.00\]/);
  });

  it('labels a criterion that names no concept as a generic match', () => {
    const result = builtinJudge(
      judged('Mentions the loyalty programme'),
      call(['A', 'You can join our loyalty programme online.']),
    );
    expect(result.rationale).toMatch(/generic match/);
    expect(result.evidence).toEqual(['You can join our loyalty programme online.']);
  });
});
