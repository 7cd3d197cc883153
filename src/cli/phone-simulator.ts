import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import {
  CallOptions,
  Event,
  httpTransport,
  Input,
  simulateCall,
  simulateSms,
} from './phone-simulator/simulator';
import type { Heard } from './phone-simulator/twiml';

const USAGE = `npm run phone:simulate -- --to <number called> --from <caller> [options]

Simulates a Twilio call (or, with --sms, a text conversation) against a
running Switchboard, signing every webhook like Twilio does.

  --url <url>           server to send the webhooks to
                        (default: PUBLIC_URL, else http://localhost:$PORT or :3000)
  --public-url <url>    the URL Twilio was given, which the server checks the
                        signature against: PUBLIC_URL + path (default: PUBLIC_URL, else --url)
  --to <E.164>          the organization's number (addPhoneNumber, assistant switched on)
  --from <E.164>        the caller: a member's profile phone (updateProfile)
  --sms                 text instead of calling: each line is one message
  --auth-token <token>  Twilio auth token (default: TWILIO_AUTH_TOKEN)
  --account-sid <sid>   AccountSid sent (default: TWILIO_ACCOUNT_SID, else a random AC…)
  --script <file>       read the caller's lines from a file instead of stdin
  --status-path <path>  the call status callback (default /webhooks/twilio/voice/status; 404 tolerated)
  --redirect-delay <ms> wait before following a <Redirect>, as Twilio plays the prompts first (1000)
  --confidence <0..1>   speech confidence sent with SpeechResult (0.92)
  --verbose             print each request's URL and status and each TwiML answer

Voice: at each <Gather>, type what the caller says. A line of keys only
(0-9 # *) is sent as Digits, anything else as SpeechResult; an empty line is
silence; Ctrl-D (or the end of the script) hangs up. SMS: one line per
message. Exit code 1 when the server answered anything but 2xx TwiML.`;

function describeHeard(heard: Heard): string {
  switch (heard.kind) {
    case 'say':
      return `< ${heard.text}`;
    case 'play':
      return `< [plays ${heard.text}]`;
    case 'pause':
      return `< [pause ${heard.seconds}s]`;
    case 'message':
      return `< ${heard.to ? `(to ${heard.to}) ` : ''}${heard.text}`;
    case 'note':
      return `  (${heard.text})`;
  }
}

/** Lines from a script file, or from stdin (prompted when it is a terminal). */
function inputFrom(script: string | undefined): { input: Input; close: () => void } {
  if (script) {
    const lines = readFileSync(script, 'utf8').split(/\r?\n/);
    if (lines[lines.length - 1] === '') lines.pop();
    return {
      input: () => {
        const line = lines.shift();
        if (line === undefined) return Promise.resolve(null);
        console.log(`> ${line}`);
        return Promise.resolve(line);
      },
      close: () => undefined,
    };
  }
  const interactive = Boolean(process.stdin.isTTY);
  const reader = createInterface({ input: process.stdin, terminal: interactive });
  const iterator = reader[Symbol.asyncIterator]();
  return {
    input: async () => {
      if (interactive) process.stdout.write('> ');
      const next = await iterator.next();
      if (next.done) return null;
      const line = String(next.value);
      if (!interactive) console.log(`> ${line}`);
      return line;
    },
    close: () => reader.close(),
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      'public-url': { type: 'string' },
      to: { type: 'string' },
      from: { type: 'string' },
      sms: { type: 'boolean', default: false },
      'auth-token': { type: 'string' },
      'account-sid': { type: 'string' },
      script: { type: 'string' },
      'status-path': { type: 'string' },
      'redirect-delay': { type: 'string', default: '1000' },
      confidence: { type: 'string', default: '0.92' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  // Not the server's configuration: the simulator stands in for Twilio, and only
  // takes its defaults from the same variable names the server is started with.
  // eslint-disable-next-line no-restricted-properties
  const env = process.env;
  const url = values.url ?? env.PUBLIC_URL ?? `http://localhost:${env.PORT ?? 3000}`;
  const publicUrl = values['public-url'] ?? env.PUBLIC_URL ?? url;
  const authToken = values['auth-token'] ?? env.TWILIO_AUTH_TOKEN;
  const missing = [
    !values.to && '--to',
    !values.from && '--from',
    !authToken && '--auth-token (or TWILIO_AUTH_TOKEN)',
  ].filter(Boolean);
  if (missing.length > 0) {
    console.error(`Missing ${missing.join(', ')}\n\n${USAGE}`);
    return 2;
  }
  const redirectDelayMs = Number(values['redirect-delay']);
  const confidence = Number(values.confidence);
  if (!Number.isFinite(redirectDelayMs) || redirectDelayMs < 0) {
    console.error('--redirect-delay must be a number of milliseconds');
    return 2;
  }
  if (!(confidence >= 0 && confidence <= 1)) {
    console.error('--confidence must be between 0 and 1');
    return 2;
  }

  const verbose = values.verbose;
  const onEvent = (event: Event): void => {
    switch (event.kind) {
      case 'heard':
        console.log(describeHeard(event.heard));
        break;
      case 'said':
        break;
      case 'exchange':
        if (verbose) {
          const { request, response } = event;
          console.log(
            `  ${request.method} ${request.signedUrl} (${request.purpose}) → ${response.status} in ${response.ms.toFixed(0)} ms`,
          );
          if (response.body) console.log(`  ${response.body.replace(/\n/g, '\n  ')}`);
        }
        break;
      case 'error':
        console.error(`! ${event.text}`);
        break;
      case 'ended':
        if (!values.sms) console.log(`[call ended: ${event.how}]`);
        break;
    }
  };
  const { input, close } = inputFrom(values.script);
  const options: CallOptions = {
    transport: httpTransport(url, authToken!),
    publicUrl,
    from: values.from!,
    to: values.to!,
    accountSid: values['account-sid'] ?? env.TWILIO_ACCOUNT_SID,
    input,
    onEvent,
    statusPath: values['status-path'],
    redirectDelayMs,
    confidence,
  };
  console.log(
    values.sms
      ? `Texting ${options.to} from ${options.from} via ${url} (signed for ${publicUrl})`
      : `Calling ${options.to} from ${options.from} via ${url} (signed for ${publicUrl})`,
  );
  try {
    const outcome = await (values.sms ? simulateSms(options) : simulateCall(options));
    if (verbose) console.log(`  ${outcome.sid}: ${outcome.requests} webhook requests`);
    return outcome.errors.length > 0 ? 1 : 0;
  } finally {
    close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
