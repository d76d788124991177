import katex from 'katex';
import { memo, useMemo } from 'react';
import { testMode } from '../../testMode';

interface TexProps {
  /** LaTeX source. */
  children: string;
  display?: boolean;
  className?: string;
}

/**
 * Typeset expressions, most recent last: scrubbing back and forth asks for the same numbers again,
 * and typesetting is most of what an equation costs to update.
 */
const typeset = new Map<string, string>();
const TYPESET_KEPT = 400;

function renderTex(source: string, display: boolean): string {
  const key = `${display ? 'D' : 'I'}${source}`;
  let html = typeset.get(key);
  if (html === undefined) {
    html = katex.renderToString(source, { displayMode: display, throwOnError: testMode, output: 'htmlAndMathml' });
    if (typeset.size >= TYPESET_KEPT) typeset.delete(typeset.keys().next().value!);
  } else typeset.delete(key);
  typeset.set(key, html);
  return html;
}

/** KaTeX-rendered math. In test mode a bad expression throws instead of rendering in red. */
export const Tex = memo(function Tex({ children, display = false, className }: TexProps) {
  const html = useMemo(() => renderTex(children, display), [children, display]);
  return <span className={className} dangerouslySetInnerHTML={{ __html: html }} />;
});
