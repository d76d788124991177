import { createContext, useContext, useEffect, useReducer, type Dispatch, type ReactNode } from 'react';
import { paramsFromState, reducer, stateFromParams, type Action, type AppState } from './appState';

interface Store {
  state: AppState;
  dispatch: Dispatch<Action>;
}

const StoreContext = createContext<Store | null>(null);

/** How long the URL waits for the state to settle (scrubbing changes t at 60 Hz). */
const URL_DEBOUNCE_MS = 250;

export function AppStateProvider({ initial, children }: { initial: AppState; children: ReactNode }) {
  const [state, dispatch] = useReducer(reducer, initial);
  useEffect(() => {
    const id = setTimeout(() => {
      const params = paramsFromState(state, new URLSearchParams(location.search));
      const query = params.toString();
      const url = `${location.pathname}${query ? `?${query}` : ''}${location.hash}`;
      if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, '', url);
    }, URL_DEBOUNCE_MS);
    return () => clearTimeout(id);
  }, [state]);
  return <StoreContext.Provider value={{ state, dispatch }}>{children}</StoreContext.Provider>;
}

export function useStore(): Store {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore must be used inside AppStateProvider');
  return store;
}

export function initialStateFromUrl(): { state: AppState; problems: string[] } {
  return stateFromParams(new URLSearchParams(location.search));
}
