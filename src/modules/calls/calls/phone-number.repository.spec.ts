import { DataSource, EntityManager } from 'typeorm';
import { PhoneNumberRepository } from './phone-number.repository';

describe('PhoneNumberRepository', () => {
  const withRows = (rows: unknown[]) => {
    const query = jest.fn(() => Promise.resolve(rows));
    const manager = { query } as unknown as EntityManager;
    const repository = new PhoneNumberRepository({ manager } as unknown as DataSource);
    return { repository, query };
  };

  it('ownerOf picks the first registered number in the order asked, whatever the row order', async () => {
    const { repository, query } = withRows([
      { number: '+15550002', organization_id: 'org-2', campaign_id: null },
      { number: '+15550001', organization_id: 'org-1', campaign_id: 'campaign-1' },
    ]);
    await expect(repository.ownerOf(['+15550001', '+15550002'])).resolves.toEqual({
      organizationId: 'org-1',
      campaignId: 'campaign-1',
    });
    expect(query).toHaveBeenCalledWith(expect.any(String), [['+15550001', '+15550002']]);
  });

  it('ownerOf asks nothing for no numbers, and finds no owner for unknown ones', async () => {
    const { repository, query } = withRows([]);
    await expect(repository.ownerOf([])).resolves.toBeNull();
    expect(query).not.toHaveBeenCalled();
    await expect(repository.ownerOf(['+15550009'])).resolves.toBeNull();
  });

  it('isTaken uses the manager it is given (the caller’s transaction)', async () => {
    const { repository } = withRows([]);
    const query = jest.fn(() => Promise.resolve([{ '?column?': 1 }]));
    await expect(
      repository.isTaken('+15550001', { query } as unknown as EntityManager),
    ).resolves.toBe(true);
    expect(query).toHaveBeenCalledWith(expect.any(String), ['+15550001']);
  });
});
