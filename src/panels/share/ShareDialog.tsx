/**
 * "Share / embed": a link to exactly what is on screen, or an <iframe> snippet that shows one
 * panel alone, with the controls the lecturer ticks hidden and, for a projector, larger type.
 */
import { useId, useMemo, useRef, useState } from 'react';
import { VIEWS, paramsFromState } from '../../state/appState';
import { CONTROLS, controlsFor, iframeSnippet, PANELS, type ControlId, type EmbedState, type PanelId } from '../../state/embed';
import { imageFragment, rememberedUpload } from '../../state/sharedImage';
import { useStore } from '../../state/store';

/** The height an iframe starts with before its page reports its own: the panel's height here. */
function startHeight(panel: PanelId | null): number {
  const shown = panel && document.querySelector(`[data-panel="${panel}"]`)?.getBoundingClientRect().height;
  return Math.round(shown ? shown + 60 : 900);
}

type Copied = { what: 'link' | 'snippet'; how: 'copied' | 'select' } | null;

function ShareForm({ onClose }: { onClose: () => void }) {
  const { state } = useStore();
  const id = useId();
  const [embed, setEmbed] = useState<EmbedState>(state.embed);
  const [copied, setCopied] = useState<Copied>(null);
  // The user's own image goes into the link's fragment, if they want it there.
  const uploaded = state.image === 'upload' ? rememberedUpload() : null;
  const fragment = useMemo(() => (uploaded ? imageFragment(uploaded) : ''), [uploaded]);
  const [withImage, setWithImage] = useState(true);
  const linkField = useRef<HTMLInputElement>(null);
  const snippetField = useRef<HTMLTextAreaElement>(null);

  const panels = PANELS.filter((p) => p.view === state.view);
  const controls = controlsFor(state.view, embed.panel);
  const hide = embed.hide.filter((h) => controls.some((c) => c.id === h));
  const query = paramsFromState({ ...state, embed: { ...embed, hide } }, new URLSearchParams()).toString();
  const link = `${location.origin}${location.pathname}${query ? `?${query}` : ''}${withImage ? fragment : ''}`;
  const viewLabel = VIEWS.find((v) => v.id === state.view)!.label;
  const title = `Diffusion Playground: ${embed.panel ? PANELS.find((p) => p.id === embed.panel)!.label : viewLabel}`;
  const snippet = iframeSnippet(link, title, startHeight(embed.panel));

  const change = (patch: Partial<EmbedState>) => {
    setEmbed((e) => ({ ...e, ...patch }));
    setCopied(null);
  };
  const toggle = (control: ControlId, on: boolean) =>
    change({ hide: CONTROLS.map((c) => c.id).filter((c) => (c === control ? on : embed.hide.includes(c))) });

  const copy = async (what: 'link' | 'snippet') => {
    const text = what === 'link' ? link : snippet;
    try {
      await navigator.clipboard.writeText(text);
      setCopied({ what, how: 'copied' });
    } catch {
      // No clipboard here (a page not served over HTTPS, or permission refused): select the text instead.
      const field = what === 'link' ? linkField.current : snippetField.current;
      field?.focus();
      field?.select();
      setCopied({ what, how: 'select' });
    }
  };
  const copiedNote = (what: 'link' | 'snippet') =>
    copied?.what === what ? (copied.how === 'copied' ? 'Copied.' : 'Selected: press Ctrl+C (⌘C) to copy.') : '';

  return (
    <div className="share-form">
      <h2>Share or embed</h2>
      <p className="lede">
        The link opens exactly these settings. Embedded in slides or a course page, the panel works offline once opened and answers the keyboard.
      </p>

      <label className="share-field">
        What to show
        <select value={embed.panel ?? ''} onChange={(e) => change({ panel: (e.target.value || null) as PanelId | null })}>
          <option value="">The whole view ({viewLabel})</option>
          {panels.map((p) => (
            <option key={p.id} value={p.id}>
              One panel: {p.label}
            </option>
          ))}
        </select>
      </label>

      <fieldset className="share-hide">
        <legend>Hide</legend>
        {controls.map((c) => (
          <label key={c.id} className="check">
            <input type="checkbox" checked={hide.includes(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />
            {c.label}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={embed.present} onChange={(e) => change({ present: e.target.checked })} />
        Presentation: larger type, for a projector
      </label>
      {fragment && (
        <label className="check">
          <input
            type="checkbox"
            checked={withImage}
            onChange={(e) => {
              setWithImage(e.target.checked);
              setCopied(null);
            }}
          />
          Put your image in the link ({Math.round(fragment.length / 1000)} kB; otherwise it shows the built-in landscape)
        </label>
      )}
      {state.image === 'upload' && !fragment && (
        <p className="share-warning" role="note">
          Your uploaded image stays in this browser: the link shows the built-in landscape instead.
        </p>
      )}

      <div className="share-field">
        <label htmlFor={`${id}-link`}>Link</label>
        <span className="share-copy">
          <input id={`${id}-link`} ref={linkField} type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={() => void copy('link')}>
            Copy link
          </button>
        </span>
      </div>
      <p className="share-copied" aria-live="polite">
        {copiedNote('link')}
      </p>

      <label className="share-field">
        Embed code (an iframe that sizes itself to the panel)
        <textarea ref={snippetField} readOnly rows={4} value={snippet} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <span className="share-copy">
        <button type="button" onClick={() => void copy('snippet')}>
          Copy embed code
        </button>
        <a href={link} target="_blank" rel="noopener">
          Preview ↗
        </a>
      </span>
      <p className="share-copied" aria-live="polite">
        {copiedNote('snippet')}
      </p>

      <div className="share-actions">
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}

/** The header's "Share / embed" button and its dialog. */
export function ShareButton() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="share-button"
        aria-haspopup="dialog"
        onClick={() => {
          setOpen(true);
          dialog.current?.showModal();
        }}
      >
        Share / embed
      </button>
      <dialog ref={dialog} className="share-dialog" aria-label="Share or embed" onClose={() => setOpen(false)}>
        {open && <ShareForm onClose={() => dialog.current?.close()} />}
      </dialog>
    </>
  );
}
