import {
  ForbiddenException,
  InternalServerErrorException,
  Logger,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import { VoiceErrorFilter } from './voice-error.filter';
import { fillerTwiml, gatherTwiml, hangupTwiml, sayAndHangup } from './voice-twiml';
import { requestText } from './voice.service';

describe('voice TwiML', () => {
  it('speaks the prompt inside a speech-and-keys Gather that posts even on silence', () => {
    const xml = gatherTwiml({
      action: 'https://x.test/webhooks/twilio/gather?turn=2&a=b',
      prompt: 'Hi Dana <3 & co. What can I do for you?',
      hints: 'Dana Whitfield, Dispatch',
      keyed: true,
    });
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Gather /);
    expect(xml).toContain('input="speech dtmf"');
    expect(xml).toContain('action="https://x.test/webhooks/twilio/gather?turn=2&amp;a=b"');
    expect(xml).toContain('actionOnEmptyResult="true"');
    expect(xml).toContain('finishOnKey="#"');
    expect(xml).toContain('hints="Dana Whitfield, Dispatch"');
    expect(xml).toMatch(
      /<Gather [^>]*><Say [^>]*>Hi Dana &lt;3 &amp; co. What can I do for you\?<\/Say><\/Gather>/,
    );
    expect(xml).toMatch(/<\/Gather><Say [^>]*>Goodbye.<\/Say><Hangup\/><\/Response>$/);
  });

  it('leaves finishOnKey and hints out when not asked for', () => {
    const xml = gatherTwiml({ action: 'https://x.test/g', prompt: 'Yes?' });
    expect(xml).not.toContain('finishOnKey');
    expect(xml).not.toContain('hints');
  });

  it('says goodbye and hangs up, hangs up, or fills and redirects', () => {
    expect(sayAndHangup('Bye.')).toMatch(/<Say [^>]*>Bye.<\/Say><Hangup\/>/);
    expect(hangupTwiml()).toMatch(/<Response><Hangup\/><\/Response>$/);
    expect(fillerTwiml('One moment.', 'https://x.test/a?turn=1&wait=1')).toMatch(
      /<Say [^>]*>One moment.<\/Say><Redirect method="POST">https:\/\/x.test\/a\?turn=1&amp;wait=1<\/Redirect>/,
    );
  });
});

describe('requestText', () => {
  it('takes the words, else maps key 1 to yes and 2 to no, else the keys', () => {
    expect(requestText({ SpeechResult: ' add a task ', Digits: '1' })).toBe('add a task');
    expect(requestText({ Digits: '1' })).toBe('yes');
    expect(requestText({ Digits: '2' })).toBe('no');
    expect(requestText({ Digits: '42#' })).toBe('42#');
    expect(requestText({})).toBe('');
  });
});

describe('VoiceErrorFilter', () => {
  function host() {
    const response = {
      statusCode: 0,
      body: undefined as unknown,
      contentType: '',
      status(code: number) {
        this.statusCode = code;
        return this;
      },
      type(value: string) {
        this.contentType = value;
        return this;
      },
      send(body: unknown) {
        this.body = body;
        return this;
      },
      json(body: unknown) {
        this.body = body;
        return this;
      },
    };
    const argumentsHost = {
      switchToHttp: () => ({ getResponse: () => response }),
    } as unknown as ArgumentsHost;
    return { response, argumentsHost };
  }

  it('passes the signature guard 403 and 415 through', () => {
    for (const error of [new ForbiddenException(), new UnsupportedMediaTypeException()]) {
      const { response, argumentsHost } = host();
      new VoiceErrorFilter().catch(error, argumentsHost);
      expect(response.statusCode).toBe(error.getStatus());
    }
  });

  it('answers anything else with an apology in TwiML, status 200, logging only the error', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      for (const error of [new Error('db down'), new InternalServerErrorException(), 'odd']) {
        const { response, argumentsHost } = host();
        new VoiceErrorFilter().catch(error, argumentsHost);
        expect(response.statusCode).toBe(200);
        expect(response.contentType).toBe('text/xml');
        expect(response.body).toMatch(/<Say[^>]*>Sorry, something went wrong.*<Hangup\/>/);
      }
      expect(logged.mock.calls[0]).toEqual(['Error: db down', expect.any(String)]);
    } finally {
      logged.mockRestore();
    }
  });
});
