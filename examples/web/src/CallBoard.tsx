import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from './gql';
import type { CallCardFragment, ScoreDetailsFragment } from './gql/graphql';
import { upsert, useConnectionEpoch, useLive } from './live';

graphql(`
  fragment ScoreDetails on CallScore {
    id
    overall
    scorer
    scorecardVersion
    criteria {
      key
      score
      passed
      evidence
      rationale
    }
  }
`);

graphql(`
  fragment CallCard on Call {
    id
    from
    to
    status
    scoreStatus
    createdAt
    agent {
      id
      name
    }
    campaign {
      id
      name
    }
    score {
      ...ScoreDetails
    }
  }
`);

const BoardCalls = graphql(`
  query BoardCalls {
    calls(first: 50) {
      nodes {
        ...CallCard
      }
    }
  }
`);

const CallUpdated = graphql(`
  subscription BoardCallUpdated {
    callUpdated {
      ...CallCard
    }
  }
`);

const CallScored = graphql(`
  subscription BoardCallScored {
    callScored {
      ...ScoreDetails
      call {
        ...CallCard
      }
    }
  }
`);

const newestFirst = (a: CallCardFragment, b: CallCardFragment) =>
  b.createdAt.localeCompare(a.createdAt);

/** Calls as they arrive (`callUpdated`) and their scores with evidence (`callScored`). */
export function CallBoard() {
  const epoch = useConnectionEpoch();
  const [{ data, error }, reload] = useQuery({ query: BoardCalls });
  const [calls, setCalls] = useState<CallCardFragment[]>([]);

  useEffect(() => {
    if (data) setCalls(data.calls.nodes);
  }, [data]);
  useEffect(() => {
    if (epoch > 1) reload();
  }, [epoch, reload]);
  useLive(CallUpdated, {}, ({ callUpdated }) => setCalls((current) => upsert(current, callUpdated)));
  // The scored call comes whole: it shows even if its callUpdated was missed.
  useLive(CallScored, {}, ({ callScored }) =>
    setCalls((current) =>
      upsert(current, { ...callScored.call, scoreStatus: 'SCORED', score: callScored }),
    ),
  );

  if (error) return <p className="error">{error.message}</p>;
  return (
    <section className="calls">
      {calls.length === 0 && <p className="muted">No calls yet.</p>}
      {[...calls].sort(newestFirst).map((call) => (
        <article key={call.id} className="card" data-testid={`call-${call.id}`}>
          <header>
            <strong>
              {call.from} → {call.to}
            </strong>
            <span className="muted">
              {' '}
              {new Date(call.createdAt).toLocaleString()} · {call.status.toLowerCase()}
              {call.agent && ` · ${call.agent.name}`}
              {call.campaign && ` · ${call.campaign.name}`}
            </span>
            <span className="score" data-testid="score-status">
              {call.score ? `${call.score.overall.toFixed(1)} / 100` : call.scoreStatus.toLowerCase()}
            </span>
          </header>
          {call.score && <Score score={call.score} />}
        </article>
      ))}
    </section>
  );
}

function Score({ score }: { score: ScoreDetailsFragment }) {
  return (
    <ul className="criteria">
      {score.criteria.map((criterion) => (
        <li key={criterion.key} className={criterion.passed ? 'passed' : 'failed'}>
          <b>{criterion.key}</b> {criterion.score.toFixed(2)} {criterion.passed ? '✓' : '✗'}
          {criterion.evidence.length > 0 && (
            <span className="evidence"> — “{criterion.evidence.join('”, “')}”</span>
          )}
          {criterion.rationale && <div className="muted">{criterion.rationale}</div>}
        </li>
      ))}
    </ul>
  );
}
