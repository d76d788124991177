/**
 * Embedding one panel in a lecturer's slides or course page: `?embed=<panel>` shows that panel
 * alone, `hide=` lists controls to hide in it, and `present=1` sets larger type for a projector.
 * These lists are the one definition of what can be embedded and hidden; the share dialog offers
 * them, the URL accepts nothing else, and the shell turns `hide` into CSS from `selector`.
 */
import type { ViewId } from './appState';

export const PANELS = [
  { id: 'explorer', view: 'forward', label: 'Forward process: the image and its timestep' },
  { id: 'equations', view: 'forward', label: 'The equations at t' },
  { id: 'schedules', view: 'forward', label: 'Noise schedules (plots)' },
  { id: 'chain', view: 'forward', label: 'Markov chain vs closed form' },
  { id: 'strip', view: 'forward', label: 'Noising strip x₀ … x_T' },
  { id: 'derivations', view: 'forward', label: 'Why DDPM trains on ‖ε − ε_θ‖² (derivations)' },
  { id: 'planes', view: 'toy2d', label: '2-D lab: the forward and reverse planes' },
  { id: 'toy-training', view: 'toy2d', label: '2-D lab: training' },
  { id: 'toy-bound', view: 'toy2d', label: '2-D lab: the bound, live' },
  { id: 'constraint', view: 'toy2d', label: '2-D lab: multiplying distributions' },
  { id: 'samples', view: 'digits', label: 'Digits lab: samples' },
  { id: 'reverse', view: 'digits', label: 'Digits lab: the reverse process, step by step' },
  { id: 'digits-training', view: 'digits', label: 'Digits lab: training' },
  { id: 'inpainting', view: 'digits', label: 'Digits lab: inpainting' },
  { id: 'digits-bound', view: 'digits', label: 'Digits lab: the bound, live' },
] as const satisfies readonly { id: string; view: ViewId; label: string }[];
export type PanelId = (typeof PANELS)[number]['id'];

const ALL_VIEWS: readonly ViewId[] = ['forward', 'toy2d', 'digits'];

/**
 * Controls an embed can hide (`views`: where there are any), each with the CSS selector of what it hides. A hidden title stays
 * in the accessibility tree (it names its panel); everything else is removed.
 */
export const CONTROLS = [
  { id: 'title', label: 'Title and introduction', views: ALL_VIEWS, selector: '.card > h2, .card > h2 + .lede', visually: true },
  { id: 'timestep', label: 'Timestep slider and play button', views: ALL_VIEWS, selector: '.slider-row, .lab-timestep, .viewer-timestep' },
  { id: 'schedule', label: 'Schedule and T', views: ['forward'], selector: '.schedule-row' },
  { id: 'noise', label: 'New noise and greyscale', views: ['forward'], selector: '.noise-row' },
  { id: 'images', label: 'Image choice and upload', views: ['forward'], selector: '.image-picker' },
  { id: 'sampler', label: 'Sampler settings', views: ['toy2d', 'digits'], selector: '.sampler-controls' },
  { id: 'dataset', label: 'Data set and drawing', views: ['toy2d'], selector: '.dataset-controls' },
  { id: 'downloads', label: 'Download buttons', views: ALL_VIEWS, selector: '.export-button' },
  { id: 'link', label: 'Link to the full playground', views: ALL_VIEWS, selector: '.embed-credit' },
] as const;
export type ControlId = (typeof CONTROLS)[number]['id'];

/** The controls worth offering to hide in `view` (the link back exists only under an embedded panel). */
export function controlsFor(view: ViewId, panel: PanelId | null): (typeof CONTROLS)[number][] {
  return CONTROLS.filter((c) => (c.views as readonly ViewId[]).includes(view) && (c.id !== 'link' || panel !== null));
}

export interface EmbedState {
  /** The panel shown alone (`?embed=`), or null for the whole app. */
  panel: PanelId | null;
  /** Controls hidden (in the order of CONTROLS). */
  hide: ControlId[];
  /** Larger type, for a projector. */
  present: boolean;
}

export const DEFAULT_EMBED: EmbedState = { panel: null, hide: [], present: false };

export const panelView = (id: PanelId): ViewId => PANELS.find((p) => p.id === id)!.view;

/** Reads `embed`, `hide` and `present`; `bad` reports what was ignored. */
export function embedFromParams(params: URLSearchParams, bad: (name: string, why: string) => void): EmbedState {
  const state: EmbedState = { ...DEFAULT_EMBED, hide: [] };
  const embed = params.get('embed');
  if (embed !== null) {
    const panel = PANELS.find((p) => p.id === embed);
    if (panel) state.panel = panel.id;
    else bad('embed', `expected one of ${PANELS.map((p) => p.id).join(', ')}`);
  }
  const hide = params.get('hide');
  if (hide !== null && hide !== '') {
    const asked = new Set(hide.split(','));
    const unknown = [...asked].filter((h) => !CONTROLS.some((c) => c.id === h));
    state.hide = CONTROLS.filter((c) => asked.has(c.id)).map((c) => c.id);
    if (unknown.length > 0) bad('hide', `kept ${state.hide.join(', ') || 'nothing'}; the controls that can be hidden are ${CONTROLS.map((c) => c.id).join(', ')}`);
  }
  const present = params.get('present');
  if (present !== null) {
    if (present === '1' || present === '0') state.present = present === '1';
    else bad('present', 'expected 0 or 1');
  }
  return state;
}

export function embedToParams(state: EmbedState, out: URLSearchParams): void {
  if (state.panel !== null) out.set('embed', state.panel);
  if (state.hide.length > 0) out.set('hide', state.hide.join(','));
  if (state.present) out.set('present', '1');
}

/** The style sheet that hides `hide` (built only from CONTROLS' selectors). */
export function hidingCss(hide: readonly ControlId[]): string {
  return CONTROLS.filter((c) => hide.includes(c.id))
    .map((c) =>
      'visually' in c
        ? `:is(${c.selector}) { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }`
        : `:is(${c.selector}) { display: none !important; }`,
    )
    .join('\n');
}

/** The message an embedded page sends its parent whenever its height changes. */
export const HEIGHT_MESSAGE = 'diffusion-playground:height';

/**
 * The `<iframe>` snippet for `url`, with a one-line script that sets each such iframe's height
 * from the height its page reports.
 */
export function iframeSnippet(url: string, title: string, height: number): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return [
    `<iframe src="${escape(url)}" title="${escape(title)}" width="100%" height="${height}" style="border:0;max-width:100%" loading="lazy"></iframe>`,
    `<script>addEventListener('message',function(e){if(!e.data||e.data.type!=='${HEIGHT_MESSAGE}')return;document.querySelectorAll('iframe').forEach(function(f){if(f.contentWindow===e.source)f.style.height=e.data.height+'px'})})</script>`,
  ].join('\n');
}
