import { Tex } from './Tex';

/** Text with inline math between $ signs, e.g. "the weight $\lambda_t$ is dropped". */
export function Prose({ children }: { children: string }) {
  const parts = children.split('$');
  if (parts.length % 2 === 0) throw new Error(`Unbalanced $ in: ${children}`);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <Tex key={i}>{part}</Tex> : part))}</>;
}
