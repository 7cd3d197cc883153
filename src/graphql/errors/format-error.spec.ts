import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { BadUserInputError, NotFoundError } from '@/common/errors/domain-errors';
import { createErrorFormatter } from './format-error';

/** What Apollo hands formatError for an error thrown inside a resolver. */
function fromResolver(original: Error): [{ message: string; path: string[] }, GraphQLError] {
  const error = new GraphQLError(original.message, { path: ['task'], originalError: original });
  return [{ message: original.message, path: ['task'] }, error];
}

describe('GraphQL error formatting', () => {
  const production = createErrorFormatter(true);
  const development = createErrorFormatter(false);

  it('gives domain errors their code and details', () => {
    const formatted = production(
      ...fromResolver(
        new BadUserInputError('Invalid input', [
          { path: 'input.title', message: 'must not be empty' },
        ]),
      ),
    );
    expect(formatted).toEqual({
      message: 'Invalid input',
      path: ['task'],
      extensions: {
        code: 'BAD_USER_INPUT',
        fields: [{ path: 'input.title', message: 'must not be empty' }],
      },
    });
    expect(production(...fromResolver(new NotFoundError('Task', 'x'))).extensions!.code).toBe(
      'NOT_FOUND',
    );
  });

  it('maps Nest HTTP exceptions to GraphQL codes', () => {
    expect(production(...fromResolver(new ForbiddenException())).extensions!.code).toBe(
      'FORBIDDEN',
    );
    expect(
      production(...fromResolver(new BadRequestException(['a must be set']))).extensions,
    ).toEqual({
      code: 'BAD_USER_INPUT',
    });
  });

  it('hides an unexpected error entirely in production', () => {
    const leak = new Error(
      'duplicate key value violates unique constraint "user_email_key" SELECT * FROM "user"',
    );
    const formatted = production(...fromResolver(leak));
    expect(formatted).toEqual({
      message: 'Internal server error',
      path: ['task'],
      extensions: { code: 'INTERNAL' },
    });
  });

  it('keeps the message but never the stack outside production', () => {
    const formatted = development(...fromResolver(new Error('boom')));
    expect(formatted.message).toBe('boom');
    expect(formatted.extensions).toEqual({ code: 'INTERNAL' });
  });

  it('gives graphql-js giving up on too many variable errors BAD_USER_INPUT (fuzz finding)', () => {
    const error = new GraphQLError(
      'Too many errors processing variables, error limit reached. Execution aborted.',
    );
    const formatted = production({ message: error.message }, error);
    expect(formatted).toEqual({
      message: 'Too many errors processing variables, error limit reached. Execution aborted.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('turns PostgreSQL refusing a value into BAD_USER_INPUT without the SQL (fuzz finding)', () => {
    for (const code of ['22P02', '22003', '22007', '22008', '22021', '54000']) {
      const driverError = Object.assign(
        new Error('invalid input syntax for type uuid: "not-a-uuid"'),
        { code },
      );
      const failed = new QueryFailedError('SELECT * FROM "task" WHERE id = $1', ['x'], driverError);
      expect(production(...fromResolver(failed))).toEqual({
        message: 'Invalid input: a value is malformed, out of range or too long',
        path: ['task'],
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    const other = new QueryFailedError(
      'SELECT 1',
      [],
      Object.assign(new Error('relation does not exist'), { code: '42P01' }),
    );
    expect(production(...fromResolver(other)).extensions!.code).toBe('INTERNAL');
  });

  it("gives Apollo's own 4xx refusals without a code BAD_REQUEST (fuzz finding)", () => {
    const error = new GraphQLError('provided sha does not match query', {
      extensions: { http: { status: 400, headers: new Map() } },
    });
    const formatted = production(
      { message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      error,
    );
    expect(formatted).toEqual({
      message: 'provided sha does not match query',
      extensions: { code: 'BAD_REQUEST' },
    });
  });

  it('passes request-level codes through unchanged', () => {
    const error = new GraphQLError('Cannot query field "nope"', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    const formatted = production(
      {
        message: error.message,
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['x'] },
      },
      error,
    );
    expect(formatted.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });
});
