import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One TwiML element: its verb (or noun), attributes, children and own text. */
export interface TwimlElement {
  name: string;
  attributes: Record<string, string>;
  children: TwimlElement[];
  /** The element's text with its children's text, whitespace collapsed. */
  text: string;
}

/** A document that is not TwiML (not XML, or no `<Response>` root). */
export class TwimlError extends Error {}

/** fast-xml-parser's ordered output: `{ Name: [children], ':@': attributes }` or `{ '#text': … }`. */
type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
});

function toElement(node: OrderedNode): TwimlElement | null {
  const name = Object.keys(node).find((key) => key !== ':@');
  if (!name || name === '#text' || name.startsWith('?') || name.startsWith('#')) return null;
  const children = ((node[name] as OrderedNode[] | undefined) ?? [])
    .map(toElement)
    .filter((child): child is TwimlElement => child !== null);
  const attributes = Object.fromEntries(
    Object.entries((node[':@'] as Record<string, unknown> | undefined) ?? {}).map(
      ([key, value]) => [key, String(value)],
    ),
  );
  return {
    name,
    attributes,
    children,
    text: textOf(node[name] as OrderedNode[])
      .replace(/\s+/g, ' ')
      .trim(),
  };
}

function textOf(nodes: OrderedNode[] | undefined): string {
  return (nodes ?? [])
    .map((node) => {
      if ('#text' in node) return String(node['#text']);
      const name = Object.keys(node).find((key) => key !== ':@');
      return name ? textOf(node[name] as OrderedNode[]) : '';
    })
    .join('');
}

/**
 * Parses a TwiML document with a real XML parser (fast-xml-parser, after its
 * validator: a document that is not well-formed XML is refused, entities are
 * decoded, CDATA is text). The root must be `<Response>`; its children are
 * returned in document order.
 */
export function parseTwiml(xml: string): TwimlElement {
  if (xml.trim() === '')
    throw new TwimlError('not TwiML: expected one <Response> root, got no element');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new TwimlError(`not XML: ${valid.err.msg} (line ${valid.err.line})`);
  const elements = (parser.parse(xml) as OrderedNode[])
    .map(toElement)
    .filter((element): element is TwimlElement => element !== null);
  if (elements.length !== 1 || elements[0].name !== 'Response') {
    throw new TwimlError(
      `not TwiML: expected one <Response> root, got ${elements.map((e) => `<${e.name}>`).join(', ') || 'no element'}`,
    );
  }
  return elements[0];
}

/** What the caller hears or sees from one verb (printed by the simulator). */
export type Heard =
  | { kind: 'say'; text: string }
  | { kind: 'play'; text: string }
  | { kind: 'pause'; seconds: number }
  | { kind: 'message'; text: string; to?: string }
  | { kind: 'note'; text: string };

/** A `<Gather>`'s settings, with Twilio's defaults filled in. */
export interface GatherSpec {
  /** The action URL as written (relative or absolute); undefined: the current document's URL. */
  action?: string;
  method: 'GET' | 'POST';
  speech: boolean;
  dtmf: boolean;
  /** The key that ends DTMF input and is not sent; '' when none. */
  finishOnKey: string;
  numDigits?: number;
  /** `actionOnEmptyResult`: request the action even when nothing was said or keyed. */
  actionOnEmptyResult: boolean;
}

/** Where walking a document stopped. */
export type Stop =
  | { kind: 'gather'; gather: GatherSpec; index: number }
  | { kind: 'redirect'; url: string; method: 'GET' | 'POST'; index: number }
  | { kind: 'hangup'; index: number }
  | { kind: 'reject'; index: number }
  /** No verbs left: Twilio ends the call (voice) or sends nothing more (SMS). */
  | { kind: 'end'; index: number };

const methodOf = (value: string | undefined): 'GET' | 'POST' =>
  value?.toUpperCase() === 'GET' ? 'GET' : 'POST';

/** The prompts of a verb that can nest them (`<Gather>`'s Say, Play and Pause). */
function heardOf(element: TwimlElement): Heard | null {
  switch (element.name) {
    case 'Say':
      return { kind: 'say', text: element.text };
    case 'Play':
      return { kind: 'play', text: element.text || element.attributes.digits || '' };
    case 'Pause':
      return { kind: 'pause', seconds: Number(element.attributes.length ?? 1) };
    default:
      return null;
  }
}

function gatherSpec(element: TwimlElement): GatherSpec {
  const input = (element.attributes.input ?? 'dtmf').toLowerCase().split(/\s+/);
  const numDigits = element.attributes.numDigits;
  return {
    action: element.attributes.action,
    method: methodOf(element.attributes.method),
    speech: input.includes('speech'),
    dtmf: input.includes('dtmf'),
    finishOnKey: element.attributes.finishOnKey ?? '#',
    numDigits: numDigits === undefined ? undefined : Number(numDigits),
    actionOnEmptyResult: element.attributes.actionOnEmptyResult === 'true',
  };
}

/**
 * Walks the verbs of `response` from `from` as Twilio executes them: what is
 * heard on the way, and the verb that hands control back (a Gather waiting
 * for input, a Redirect, Hangup or Reject, or the end of the document).
 * Verbs the simulator cannot act on (Dial, Record, Enqueue…) are noted and
 * skipped.
 */
export function walk(response: TwimlElement, from = 0): { heard: Heard[]; stop: Stop } {
  const heard: Heard[] = [];
  const verbs = response.children;
  for (let index = from; index < verbs.length; index += 1) {
    const verb = verbs[index];
    const prompt = heardOf(verb);
    if (prompt) {
      heard.push(prompt);
      continue;
    }
    switch (verb.name) {
      case 'Gather':
        for (const child of verb.children) {
          const nested = heardOf(child);
          if (nested) heard.push(nested);
        }
        return { heard, stop: { kind: 'gather', gather: gatherSpec(verb), index } };
      case 'Redirect':
        return {
          heard,
          stop: {
            kind: 'redirect',
            url: verb.text,
            method: methodOf(verb.attributes.method),
            index,
          },
        };
      case 'Hangup':
        return { heard, stop: { kind: 'hangup', index } };
      case 'Reject':
        return { heard, stop: { kind: 'reject', index } };
      case 'Message': {
        // `<Message>` holds its text directly or in a `<Body>` noun.
        const body = verb.children.find((child) => child.name === 'Body');
        heard.push({
          kind: 'message',
          text: body ? body.text : verb.text,
          ...(verb.attributes.to ? { to: verb.attributes.to } : {}),
        });
        continue;
      }
      default:
        heard.push({ kind: 'note', text: `<${verb.name}> is not simulated; skipped` });
    }
  }
  return { heard, stop: { kind: 'end', index: verbs.length } };
}

/** Keys a caller can press: a line made only of these is sent as `Digits`. */
const DTMF = /^[0-9#*]+$/;

/**
 * The parameters Twilio adds to a Gather's action request for `line` (what
 * the caller said or keyed), or null when the Gather hears nothing (Twilio
 * then goes on with the verbs after it). A line of keys only (digits, # and
 * *) is DTMF, cut at the Gather's finishOnKey (not sent) or numDigits;
 * anything else is speech with a confidence. Input the Gather does not
 * accept (speech to a dtmf-only Gather) is not heard.
 */
export function gatherParams(
  gather: GatherSpec,
  line: string,
  confidence = 0.92,
): Record<string, string> | null {
  const input = line.trim();
  if (input !== '' && DTMF.test(input.replace(/\s+/g, '')) && gather.dtmf) {
    let digits = input.replace(/\s+/g, '');
    let finishedOnKey: string | undefined;
    if (gather.finishOnKey !== '') {
      const at = digits.indexOf(gather.finishOnKey);
      if (at >= 0) {
        finishedOnKey = gather.finishOnKey;
        digits = digits.slice(0, at);
      }
    }
    if (gather.numDigits !== undefined && digits.length > gather.numDigits) {
      digits = digits.slice(0, gather.numDigits);
    }
    if (digits === '' && !gather.actionOnEmptyResult) return null;
    return { Digits: digits, ...(finishedOnKey ? { FinishedOnKey: finishedOnKey } : {}) };
  }
  if (input !== '' && gather.speech) {
    return { SpeechResult: input, Confidence: confidence.toFixed(8) };
  }
  return gather.actionOnEmptyResult ? {} : null;
}
