import { SnakeNamingStrategy } from './snake-naming.strategy';

describe('SnakeNamingStrategy', () => {
  const strategy = new SnakeNamingStrategy();

  it('names tables and columns in snake_case', () => {
    expect(strategy.tableName('OutboxEvent')).toBe('outbox_event');
    expect(strategy.tableName('OutboxEvent', 'custom')).toBe('custom');
    expect(strategy.columnName('organizationId', undefined, [])).toBe('organization_id');
    expect(strategy.columnName('lastHTTPStatus', undefined, [])).toBe('last_http_status');
    expect(strategy.columnName('lat', undefined, ['position'])).toBe('position_lat');
  });

  it('names join columns after the relation', () => {
    expect(strategy.joinColumnName('assignee', 'id')).toBe('assignee_id');
  });
});
