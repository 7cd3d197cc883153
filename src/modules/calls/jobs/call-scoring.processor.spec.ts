import { Job, Queue, UnrecoverableError } from 'bullmq';
import { ProviderError } from '../scoring/clients/anthropic.client';
import { ScoringRunnerService } from '../scoring/scoring-runner.service';
import { CallScoringProcessor } from './call-scoring.processor';

/** A runner whose scoring fails with `failure` and whose recordFailure fails with `recordFailure` (PostgreSQL down). */
function processorWith(failure: Error, recordFailure?: Error) {
  const recorded: Array<{ final: boolean; attempt: number }> = [];
  const runner = {
    run: () => Promise.reject(failure),
    recordFailure: (_c: string, _v: number, _e: unknown, final: boolean, attempt: number) => {
      if (recordFailure) return Promise.reject(recordFailure);
      recorded.push({ final, attempt });
      return Promise.resolve();
    },
  } as unknown as ScoringRunnerService;
  const processor = new CallScoringProcessor(
    runner,
    {} as Queue,
    {
      scoreWaitMs: 0,
      scoringMaxAttempts: 15,
      scoringConcurrency: 1,
    } as unknown as ConstructorParameters<typeof CallScoringProcessor>[2],
  );
  return { processor, recorded };
}

function job(attemptsMade: number): Job {
  return {
    name: 'score-call',
    data: { callId: 'c1', scorecardId: 's1', scorecardVersion: 1 },
    attemptsMade,
    opts: { attempts: 15 },
  } as unknown as Job;
}

describe('CallScoringProcessor failures', () => {
  it('records a retryable failure and rethrows it for BullMQ to retry', async () => {
    const error = new ProviderError('Anthropic API 429 error', true, 429, 30_000);
    const { processor, recorded } = processorWith(error);
    await expect(processor.process(job(0))).rejects.toBe(error);
    expect(recorded).toEqual([{ final: false, attempt: 1 }]);
  });

  it('ends the job for good (UnrecoverableError) once the failure is recorded as final', async () => {
    const { processor, recorded } = processorWith(new ProviderError('400', false, 400));
    await expect(processor.process(job(0))).rejects.toBeInstanceOf(UnrecoverableError);
    expect(recorded).toEqual([{ final: true, attempt: 1 }]);
  });

  it('retries, never fails for good, a final failure it cannot record (PostgreSQL down)', async () => {
    const error = new ProviderError('400', false, 400);
    const { processor } = processorWith(error, new Error('Connection terminated'));
    const thrown = await processor.process(job(3)).catch((caught: unknown) => caught);
    expect(thrown).toBe(error);
    expect(thrown).not.toBeInstanceOf(UnrecoverableError);
  });
});
