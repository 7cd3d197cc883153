import { BadUserInputError } from '@/common/errors/domain-errors';
import { decodeCursor, encodeCursor } from './cursor';

function rejection(run: () => unknown): BadUserInputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BadUserInputError);
    return error as BadUserInputError;
  }
  throw new Error('expected a BadUserInputError');
}

describe('cursors', () => {
  it('round-trips strings, numbers, booleans, nulls and Dates exactly', () => {
    const due = new Date('2024-02-29T23:59:59.999Z');
    const values = ['b7c1…', 42, -0.5, true, null, due, 'ünïcödé "quoted"'];

    const decoded = decodeCursor(encodeCursor('tasks', values), 'tasks', 'after');

    expect(decoded).toEqual(values);
    expect(decoded[5]).toBeInstanceOf(Date);
    expect((decoded[5] as Date).getTime()).toBe(due.getTime());
  });

  it('is URL-safe and does not show its contents in plain text', () => {
    const cursor = encodeCursor('tasks', ['a/b+c?', 1]);

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('tasks');
  });

  it('rejects a cursor issued for another query, naming the argument', () => {
    const cursor = encodeCursor('calls', ['x']);

    const error = rejection(() => decodeCursor(cursor, 'tasks', 'before'));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('"before"');
    expect(error.details).toEqual({ fields: [{ path: 'before', message: expect.any(String) }] });
  });

  it.each([
    ['an empty string', ''],
    ['non-base64url characters', 'abc$def'],
    ['base64 of something other than JSON', Buffer.from('hello').toString('base64url')],
    ['JSON without a key', Buffer.from('{"v":[1]}').toString('base64url')],
    ['JSON whose values are not a list', Buffer.from('{"k":"tasks","v":1}').toString('base64url')],
    [
      'a value of an unknown kind',
      Buffer.from('{"k":"tasks","v":[{"x":1}]}').toString('base64url'),
    ],
    [
      'a date that is not ISO',
      Buffer.from('{"k":"tasks","v":[{"d":"yesterday"}]}').toString('base64url'),
    ],
    ['an overlong string', 'a'.repeat(5000)],
  ])('rejects %s', (_name, cursor) => {
    const error = rejection(() => decodeCursor(cursor, 'tasks', 'after'));

    expect(error.details).toEqual({ fields: [{ path: 'after', message: expect.any(String) }] });
  });

  it('rejects a tampered cursor', () => {
    const cursor = encodeCursor('tasks', [new Date(0), 'id-1']);
    const tampered = cursor.slice(0, 4) + (cursor[4] === 'A' ? 'B' : 'A') + cursor.slice(5);

    rejection(() => decodeCursor(tampered, 'tasks', 'after'));
  });

  it('refuses to encode values that JSON cannot carry', () => {
    expect(() => encodeCursor('tasks', [Number.NaN])).toThrow(Error);
    expect(() => encodeCursor('tasks', [new Date(Number.NaN)])).toThrow(Error);
  });
});
