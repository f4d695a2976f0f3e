/**
 * f32 emulation helpers: every f32 operation is done in f64 and rounded with Math.fround, which
 * is exact for + - * / and sqrt on f32 operands. Transcendentals are rounded from f64 like the
 * Rust side (native/src/mathf.rs), and atan2 follows the all-f32 fdlibm routine that produced
 * the reference numbers (glibc 2.36 atan2f).
 */
export const f = Math.fround;

export const powf = (x: number, y: number): number => f(Math.pow(x, y));
export const sinf = (x: number): number => f(Math.sin(x));
export const log10f = (x: number): number => f(Math.log10(x));
export const acosf = (x: number): number => f(Math.acos(x));
export const sqrtf = (x: number): number => f(Math.sqrt(x));

/** Rust's f32/f64 `max`: a NaN operand loses. */
export function maxf(a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return a > b ? a : b;
}

/** Rust's f32/f64 `min`: a NaN operand loses. */
export function minf(a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return a < b ? a : b;
}

/** Rust's `round`: half away from zero (exact for f32 inputs). */
export function round(x: number): number {
  return x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5);
}

/** Rust's saturating float → u32 cast (NaN → 0). */
export function toU32(x: number): number {
  if (Number.isNaN(x) || x <= 0) return 0;
  if (x >= 4294967295) return 4294967295;
  return Math.trunc(x);
}

export const cube = (x: number): number => f(x * f(x * x));

export function pow24(x: number): number {
  const x2 = f(x * x);
  const x4 = f(x2 * x2);
  const x8 = f(x4 * x4);
  const x16 = f(x8 * x8);
  return f(x8 * x16);
}

const bitsBuf = new DataView(new ArrayBuffer(4));
export function bitsOf(x: number): number {
  bitsBuf.setFloat32(0, x);
  return bitsBuf.getUint32(0);
}
export function fromBits(b: number): number {
  bitsBuf.setUint32(0, b >>> 0);
  return bitsBuf.getFloat32(0);
}

const PI_F = fromBits(0x40490fdb);
const PI_LO = fromBits(0xb3bbbd2e);
const PI_O_2 = fromBits(0x3fc90fdb);
const PI_O_4 = fromBits(0x3f490fdb);
const ATAN_HI = [0x3eed6338, 0x3f490fda, 0x3f7b985e, 0x3fc90fda].map(fromBits);
const ATAN_LO = [0x31ac3769, 0x33222168, 0x33140fb4, 0x33a22168].map(fromBits);
const AT = [
  0x3eaaaaaa, 0xbe4ccccd, 0x3e124925, 0xbde38e38, 0x3dba2e6e, 0xbd9d8795, 0x3d886b35, 0xbd6ef16b, 0x3d4bda59, 0xbd15a221,
  0x3c8569d7,
].map(fromBits) as [number, number, number, number, number, number, number, number, number, number, number];

const isNeg = (x: number): boolean => x < 0 || Object.is(x, -0);

function atanf(xIn: number): number {
  const hx = bitsOf(xIn) | 0;
  const ix = hx & 0x7fffffff;
  let x = xIn;
  let id: number;
  if (ix >= 0x50800000) {
    if (ix > 0x7f800000) return f(x + x);
    const v = f(ATAN_HI[3]! + ATAN_LO[3]!);
    return hx > 0 ? v : -v;
  }
  if (ix < 0x3ee00000) {
    if (ix < 0x31000000) return x;
    id = -1;
  } else {
    x = Math.abs(x);
    if (ix < 0x3f980000) {
      if (ix < 0x3f300000) {
        id = 0;
        x = f(f(f(2 * x) - 1) / f(2 + x));
      } else {
        id = 1;
        x = f(f(x - 1) / f(x + 1));
      }
    } else if (ix < 0x401c0000) {
      id = 2;
      x = f(f(x - 1.5) / f(1 + f(1.5 * x)));
    } else {
      id = 3;
      x = f(-1 / x);
    }
  }
  const z = f(x * x);
  const w = f(z * z);
  const [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10] = AT;
  const s1 = f(z * f(a0 + f(w * f(a2 + f(w * f(a4 + f(w * f(a6 + f(w * f(a8 + f(w * a10)))))))))));
  const s2 = f(w * f(a1 + f(w * f(a3 + f(w * f(a5 + f(w * f(a7 + f(w * a9)))))))));
  if (id < 0) return f(x - f(x * f(s1 + s2)));
  const r = f(ATAN_HI[id]! - f(f(f(x * f(s1 + s2)) - ATAN_LO[id]!) - x));
  return hx < 0 ? -r : r;
}

/** glibc 2.36 / fdlibm `atan2f`, all in f32. */
export function atan2f(y: number, x: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return f(x + y);
  if (x === 1 && !isNeg(x)) return atanf(y);
  const yNeg = isNeg(y);
  const xNeg = isNeg(x);
  if (y === 0) return !xNeg ? y : yNeg ? -PI_F : PI_F;
  if (x === 0) return yNeg ? -PI_O_2 : PI_O_2;
  if (!Number.isFinite(x)) {
    const yInf = !Number.isFinite(y);
    const v = xNeg ? (yInf ? f(3 * PI_O_4) : PI_F) : yInf ? PI_O_4 : 0;
    return yNeg ? -v : v;
  }
  if (!Number.isFinite(y)) return yNeg ? -PI_O_2 : PI_O_2;
  const k = ((bitsOf(y) & 0x7fffffff) - (bitsOf(x) & 0x7fffffff)) >> 23;
  let z: number;
  if (k > 60) z = f(PI_O_2 + f(0.5 * PI_LO));
  else if (xNeg && k < -60) z = 0;
  else z = atanf(Math.abs(f(y / x)));
  if (!xNeg) return yNeg ? -z : z;
  return yNeg ? f(f(z - PI_LO) - PI_F) : f(PI_F - f(z - PI_LO));
}
