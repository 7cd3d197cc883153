import { WebhookReceiptRepository } from './webhook-receipt.repository';
import { WEBHOOK_RECEIPT_RETENTION_DAYS, WebhookReceiptsPruner } from './webhook-receipts.pruner';

describe('WebhookReceiptsPruner', () => {
  const prunerDeleting = (batches: number[]) => {
    const deleteOlderThan = jest.fn(() => Promise.resolve(batches.shift() ?? 0));
    const receipts = { deleteOlderThan } as unknown as WebhookReceiptRepository;
    return { pruner: new WebhookReceiptsPruner(receipts), deleteOlderThan };
  };

  it('deletes in batches until a batch comes back short, and returns the total', async () => {
    const { pruner, deleteOlderThan } = prunerDeleting([5000, 5000, 12]);
    await expect(pruner.prune()).resolves.toBe(10_012);
    expect(deleteOlderThan).toHaveBeenCalledTimes(3);
    expect(deleteOlderThan).toHaveBeenCalledWith(WEBHOOK_RECEIPT_RETENTION_DAYS, 5000);
  });

  it('stops after one statement when nothing is old enough', async () => {
    const { pruner, deleteOlderThan } = prunerDeleting([0]);
    await expect(pruner.prune()).resolves.toBe(0);
    expect(deleteOlderThan).toHaveBeenCalledTimes(1);
  });
});
