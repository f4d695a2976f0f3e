/**
 * Python's `f"{x:.Nf}"`, which the byte-exact answers of score-service are written with. It rounds
 * the exact binary value half-to-even; `Number.prototype.toFixed` rounds exact ties away from
 * zero (7.25 → "7.3" where Python prints "7.2"). Ties are only possible when the value is exact in
 * binary, which a long `toFixed` expansion shows.
 */
export function pyFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  const long = Math.abs(x).toFixed(Math.min(100, digits + 60));
  const dot = long.indexOf('.');
  const tail = long.slice(dot + 1 + digits);
  if (/^50*$/.test(tail)) {
    // An exact tie: keep the digits when the last one is even; otherwise toFixed's round-up is right.
    const kept = long.slice(0, dot + 1 + digits).replace(/\.$/, '');
    const lastDigit = Number(kept.replace('.', '').slice(-1));
    const magnitude = lastDigit % 2 === 0 ? kept : Math.abs(x).toFixed(digits);
    return x < 0 && /[1-9]/.test(magnitude) ? `-${magnitude}` : magnitude;
  }
  return x.toFixed(digits);
}

/** Python's `str(float)` for the values a FLOAT column holds: shortest repr, always with a dot. */
export function pyFloat(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  const s = String(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
}
