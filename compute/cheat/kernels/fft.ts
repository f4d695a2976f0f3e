/**
 * Radix-2 complex FFT (in place, iterative) and the full cross-correlation built on it. scipy's
 * `signal.correlate` picks FFT for large inputs too; the direct sum is kept for the tests.
 */
export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
}

/** In-place FFT of (re, im), length a power of two; `inverse` conjugates the twiddles and scales by 1/n. */
export function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]!; re[i] = re[j]!; re[j] = t;
      t = im[i]!; im[i] = im[j]!; im[j] = t;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = ((inverse ? 2 : -2) * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    const half = len >> 1;
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < half; k++) {
        const a = i + k;
        const b = a + half;
        const xr = re[b]! * cr - im[b]! * ci;
        const xi = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
        const ncr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = ncr;
      }
    }
  }
  if (inverse) {
    for (let i = 0; i < n; i++) {
      re[i] = re[i]! / n;
      im[i] = im[i]! / n;
    }
  }
}

/**
 * Maximum of the full 2-D cross-correlation of two 2 x m arrays (rows x and y), i.e.
 * max(scipy.signal.correlate(a, b)): rows shift by -1, 0, 1 and columns by -(m-1)..(m-1).
 */
export function maxCrossCorrelation2xN(ax: Float64Array, ay: Float64Array, bx: Float64Array, by: Float64Array): number {
  const m = ax.length;
  if (m === 0) return NaN;
  const n = nextPow2(2 * m - 1);
  const spec = (src: Float64Array): [Float64Array, Float64Array] => {
    const re = new Float64Array(n);
    re.set(src);
    const im = new Float64Array(n);
    fft(re, im, false);
    return [re, im];
  };
  const [axr, axi] = spec(ax);
  const [ayr, ayi] = spec(ay);
  const [bxr, bxi] = spec(bx);
  const [byr, byi] = spec(by);
  let best = -Infinity;
  // (a row, b row) pairs per row shift: 0 → x·x + y·y, +1 → y·x, -1 → x·y.
  const combos: Array<Array<[Float64Array, Float64Array, Float64Array, Float64Array]>> = [
    [[axr, axi, bxr, bxi], [ayr, ayi, byr, byi]],
    [[ayr, ayi, bxr, bxi]],
    [[axr, axi, byr, byi]],
  ];
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (const pairs of combos) {
    re.fill(0);
    im.fill(0);
    for (const [pr, pi, qr, qi] of pairs) {
      // P · conj(Q)
      for (let k = 0; k < n; k++) {
        re[k] = re[k]! + pr[k]! * qr[k]! + pi[k]! * qi[k]!;
        im[k] = im[k]! + pi[k]! * qr[k]! - pr[k]! * qi[k]!;
      }
    }
    fft(re, im, true);
    // Valid lags only: 0..m-1 and n-(m-1)..n-1 (the rest is zero padding).
    for (let k = 0; k < m; k++) if (re[k]! > best) best = re[k]!;
    for (let k = n - m + 1; k < n; k++) if (re[k]! > best) best = re[k]!;
  }
  return best;
}

/** The same maximum by the direct O(m^2) sum (tests only). */
export function maxCrossCorrelation2xNDirect(ax: Float64Array, ay: Float64Array, bx: Float64Array, by: Float64Array): number {
  const m = ax.length;
  let best = -Infinity;
  const rows: Array<Array<[Float64Array, Float64Array]>> = [[[ax, bx], [ay, by]], [[ay, bx]], [[ax, by]]];
  for (const pairs of rows) {
    for (let lag = -(m - 1); lag <= m - 1; lag++) {
      let s = 0;
      for (const [p, q] of pairs) {
        for (let j = Math.max(0, -lag); j < m && j + lag < m; j++) s += p[j + lag]! * q[j]!;
      }
      if (s > best) best = s;
    }
  }
  return best;
}
