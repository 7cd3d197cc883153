import { createContext, useContext, useEffect } from 'react';
import type { AnyVariables, Client, TypedDocumentNode } from '@urql/core';
import { useClient } from 'urql';

/** Increases each time the socket (re)connects: boards reload then, having maybe missed events. */
export const ConnectionEpoch = createContext(0);

export function useConnectionEpoch(): number {
  return useContext(ConnectionEpoch);
}

/** Runs `onData` for each event of a subscription while the component is mounted. */
export function useLive<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  onData: (data: Data) => void,
): void {
  const client: Client = useClient();
  useEffect(() => {
    const { unsubscribe } = client.subscription(document, variables).subscribe((result) => {
      if (result.data) onData(result.data);
    });
    return unsubscribe;
  }, [client, document]); // the handlers only call state setters
}

/** Replaces the item with the same id (merging fields), or puts it first. */
export function upsert<T extends { id: string }>(items: T[], item: T): T[] {
  const index = items.findIndex((candidate) => candidate.id === item.id);
  if (index === -1) return [item, ...items];
  const next = items.slice();
  next[index] = { ...items[index], ...item };
  return next;
}
