import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@fontsource-variable/inter';
import 'katex/dist/katex.min.css';
import './styles.css';
import { App } from './App';
import { AppStateProvider, initialStateFromUrl } from './state/store';
import { registerServiceWorker } from './offline/register';
import { testMode } from './testMode';

if (testMode) document.documentElement.classList.add('test-mode');
const { state, problems } = initialStateFromUrl();
registerServiceWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppStateProvider initial={state}>
      <App urlProblems={problems} />
    </AppStateProvider>
  </StrictMode>,
);
