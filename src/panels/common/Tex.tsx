import katex from 'katex';
import { memo, useMemo } from 'react';
import { testMode } from '../../testMode';

interface TexProps {
  /** LaTeX source. */
  children: string;
  display?: boolean;
  className?: string;
}

/** KaTeX-rendered math. In test mode a bad expression throws instead of rendering in red. */
export const Tex = memo(function Tex({ children, display = false, className }: TexProps) {
  const html = useMemo(
    () => katex.renderToString(children, { displayMode: display, throwOnError: testMode, output: 'htmlAndMathml' }),
    [children, display],
  );
  return <span className={className} dangerouslySetInnerHTML={{ __html: html }} />;
});
