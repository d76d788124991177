import { lazy, Suspense, useState } from 'react';
import { EmbedCredit, EmbedEffects } from './panels/common/Embedded';
import { NoticeProvider } from './panels/common/Notices';
import { PanelBoundary } from './panels/common/PanelBoundary';
import { ShortcutsHint, ShortcutsProvider } from './panels/common/Shortcuts';
import { ShareButton } from './panels/share/ShareDialog';
import { VIEWS, type ViewId } from './state/appState';
import { useStore } from './state/store';
import ForwardView from './views/ForwardView';

// The labs and their model code load only when a lab is opened, so the explorer's first load
// does not grow.
const Toy2dView = lazy(() => import('./views/Toy2dView'));
const DigitsView = lazy(() => import('./views/DigitsView'));

/** The shell: the header with the views' navigation, the notices, and the current view. */
export function App({ urlProblems }: { urlProblems: string[] }) {
  const { state, dispatch } = useStore();
  const embedded = state.embed.panel !== null;
  // Views put their status (the compute backend) in the header through a portal.
  const [statusSlot, setStatusSlot] = useState<HTMLElement | null>(null);

  const open = (view: ViewId) => (e: React.MouseEvent) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    dispatch({ type: 'setView', view });
    window.scrollTo(0, 0);
  };

  return (
    <NoticeProvider fixed={urlProblems}>
      {(notices) => (
        <ShortcutsProvider>
          <div className="app">
            {!embedded && (
              <header className="top">
                <div>
                  <h1>Diffusion Playground</h1>
                  <nav className="views" aria-label="Views">
                    {VIEWS.map((v) => (
                      <a
                        key={v.id}
                        href={`?view=${v.id}`}
                        aria-current={state.view === v.id ? 'page' : undefined}
                        onClick={open(v.id)}
                      >
                        {v.label}
                      </a>
                    ))}
                  </nav>
                </div>
                <div className="top-right">
                  <div className="header-status" ref={setStatusSlot} />
                  <ShareButton />
                </div>
              </header>
            )}

            {notices.length > 0 && (
              <div className="notices" role="status">
                {notices.map((n) => (
                  <p key={n} className="notice">
                    {n}
                  </p>
                ))}
              </div>
            )}

            <PanelBoundary name="view">
              <Suspense fallback={<p className="lede loading-view">Loading the view…</p>}>
                {state.view === 'forward' ? (
                  <ForwardView statusSlot={statusSlot} />
                ) : state.view === 'toy2d' ? (
                  <Toy2dView statusSlot={statusSlot} />
                ) : (
                  <DigitsView statusSlot={statusSlot} />
                )}
              </Suspense>
            </PanelBoundary>

            {embedded ? (
              <EmbedCredit />
            ) : (
              <footer className="refs">
                <p>
                  Ho, Jain &amp; Abbeel (2020), <i>Denoising Diffusion Probabilistic Models</i> · Sohl-Dickstein et al. (2015),{' '}
                  <i>Deep Unsupervised Learning using Nonequilibrium Thermodynamics</i> · Song, Meng &amp; Ermon (2021),{' '}
                  <i>Denoising Diffusion Implicit Models</i> · Nichol &amp; Dhariwal (2021),{' '}
                  <i>Improved Denoising Diffusion Probabilistic Models</i> (cosine schedule).
                </p>
                <p>
                  <ShortcutsHint />
                </p>
              </footer>
            )}
            <EmbedEffects />
          </div>
        </ShortcutsProvider>
      )}
    </NoticeProvider>
  );
}
