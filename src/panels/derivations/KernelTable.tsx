import { memo } from 'react';
import { Tex } from '../common/Tex';

const x = (s: string) => String.raw`\mathbf{x}^{(${s})}`;

/** Rows of Sohl-Dickstein et al. (2015), table App.1: the Gaussian and binomial cases side by side. */
const ROWS: { what: string; symbol: string; gaussian: string; binomial: string }[] = [
  {
    what: 'Well-behaved distribution',
    symbol: String.raw`\pi(${x('T')})`,
    gaussian: String.raw`\mathcal{N}(${x('T')}; \mathbf{0}, \mathbf{I})`,
    binomial: String.raw`\mathcal{B}(${x('T')}; 0.5)`,
  },
  {
    what: 'Forward kernel',
    symbol: String.raw`q(${x('t')}\mid ${x('t-1')})`,
    gaussian: String.raw`\mathcal{N}(${x('t')}; ${x('t-1')}\sqrt{1-\beta_t}, \mathbf{I}\beta_t)`,
    binomial: String.raw`\mathcal{B}(${x('t')}; ${x('t-1')}(1-\beta_t) + 0.5\,\beta_t)`,
  },
  {
    what: 'Reverse kernel',
    symbol: String.raw`p(${x('t-1')}\mid ${x('t')})`,
    gaussian: String.raw`\mathcal{N}(${x('t-1')}; \mathbf{f}_\mu(${x('t')}, t), \mathbf{f}_\Sigma(${x('t')}, t))`,
    binomial: String.raw`\mathcal{B}(${x('t-1')}; \mathbf{f}_b(${x('t')}, t))`,
  },
  {
    what: 'Trained',
    symbol: '',
    gaussian: String.raw`\mathbf{f}_\mu,\ \mathbf{f}_\Sigma,\ \beta_{1\cdots T}`,
    binomial: String.raw`\mathbf{f}_b`,
  },
];

/** The Gaussian and binomial diffusion kernels of the 2015 paper. */
export const KernelTable = memo(function KernelTable() {
  return (
    <div className="kernel-table-wrap">
      <table className="kernel-table">
        <caption>Gaussian and binomial diffusion (after Sohl-Dickstein et al. 2015, table App.1)</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Gaussian</th>
            <th scope="col">Binomial</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((r) => (
            <tr key={r.what}>
              <th scope="row">
                {r.what}
                {r.symbol && (
                  <>
                    <br />
                    <Tex>{r.symbol}</Tex>
                  </>
                )}
              </th>
              <td>
                <Tex>{r.gaussian}</Tex>
              </td>
              <td>
                <Tex>{r.binomial}</Tex>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
