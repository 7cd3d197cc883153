import { useEffect, useState } from 'react';
import { Provider } from 'urql';
import { currentSession, onSessionChange, Session, signOut } from './auth';
import { CallBoard } from './CallBoard';
import { createSwitchboard, SocketState, Switchboard } from './client';
import { Fleet } from './Fleet';
import { ConnectionEpoch } from './live';
import { SignIn } from './SignIn';
import { TaskBoard } from './TaskBoard';

type Screen = 'tasks' | 'calls' | 'fleet';
const SCREENS: Array<[Screen, string]> = [
  ['tasks', 'Tasks'],
  ['calls', 'Calls'],
  ['fleet', 'Fleet'],
];

export function App() {
  const [session, setSession] = useState<Session | null>(currentSession());
  useEffect(() => onSessionChange(setSession), []);
  // A new client (and socket) per person signed in; not per token refresh.
  const userId = session?.user.id;
  return userId ? <SignedIn key={`${userId}:${session.organization.id}`} /> : <SignIn />;
}

function SignedIn() {
  const [socket, setSocket] = useState<SocketState>('connecting');
  const [epoch, setEpoch] = useState(0);
  const [switchboard, setSwitchboard] = useState<Switchboard | null>(null);
  const [screen, setScreen] = useState<Screen>(
    () => (new URLSearchParams(location.search).get('screen') as Screen | null) ?? 'tasks',
  );
  const session = currentSession();

  useEffect(() => {
    const created = createSwitchboard((state) => {
      setSocket(state);
      if (state === 'connected') setEpoch((value) => value + 1);
    });
    setSwitchboard(created);
    return () => created.dispose();
  }, []);

  if (!switchboard || !session) return null;
  return (
    <Provider value={switchboard.client}>
      <ConnectionEpoch.Provider value={epoch}>
        <header className="top">
          <strong>{session.organization.name}</strong>
          <nav>
            {SCREENS.map(([key, label]) => (
              <button
                key={key}
                className={key === screen ? 'active' : undefined}
                onClick={() => setScreen(key)}
              >
                {label}
              </button>
            ))}
          </nav>
          <span className={`socket ${socket}`} data-testid="socket-state">
            {socket}
          </span>
          <span className="muted">
            {session.user.name} ({session.role.toLowerCase()})
          </span>
          <button onClick={signOut}>Sign out</button>
        </header>
        <main>
          {screen === 'tasks' && <TaskBoard />}
          {screen === 'calls' && <CallBoard />}
          {screen === 'fleet' && <Fleet />}
        </main>
      </ConnectionEpoch.Provider>
    </Provider>
  );
}
