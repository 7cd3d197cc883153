import { Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { loggableQueryError, QueryLogger } from './query-logger';

/** A failed query as TypeORM reports it, carrying a secret among its parameters. */
function failedQuery(): QueryFailedError {
  const driverError = Object.assign(
    new Error('duplicate key value violates unique constraint "app_user_email_key"'),
    { code: '23505', detail: 'Key (email)=(secret@example.test) already exists.' },
  );
  return new QueryFailedError(
    'INSERT INTO app_user(email, password_hash) VALUES ($1, $2)',
    ['secret@example.test', '$argon2id$secret-hash'],
    driverError,
  );
}

describe('QueryLogger', () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs a failed query with its SQL and SQLSTATE but no parameter or detail', () => {
    const lines: string[] = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => {
      lines.push(String(message));
    });
    const error = failedQuery();
    new QueryLogger().logQueryError(error, error.query);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('23505');
    expect(lines[0]).toContain('INSERT INTO app_user');
    expect(lines[0]).not.toContain('secret');
  });

  it('describes a failed query for an error log without parameters', () => {
    const described = JSON.stringify(loggableQueryError(failedQuery()));
    expect(described).toContain('23505');
    expect(described).not.toContain('secret');
  });
});
