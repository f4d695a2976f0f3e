/** Frames with duplicate times removed, the first of each kept (np.unique(t, return_index=True) on sorted times). */
export interface Track {
  t: Float64Array;
  x: Float64Array;
  y: Float64Array;
}

export function dedupTimes(t: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>): Track {
  const n = t.length;
  const ot = new Float64Array(n);
  const ox = new Float64Array(n);
  const oy = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (m > 0 && t[i] === ot[m - 1]) continue;
    ot[m] = t[i]!;
    ox[m] = x[i]!;
    oy[m] = y[i]!;
    m++;
  }
  return { t: ot.subarray(0, m), x: ox.subarray(0, m), y: oy.subarray(0, m) };
}
