/** Slider path evaluation for the TypeScript reference (mirrors native/src/curve.rs). */
import { acosf, f, sqrtf } from './mathf.js';
import type { ControlPoint, PathType, Pos } from './parse.js';

const BEZIER_TOLERANCE = f(0.25);
const CATMULL_DETAIL = 50;
const CIRCULAR_ARC_TOLERANCE = f(0.1);
const F32_EPS = 1.1920929e-7;
export const WORK_BUDGET = 200_000_000;

export class TooComplex extends Error {}

const P = (x: number, y: number): Pos => ({ x, y });
const add = (a: Pos, b: Pos): Pos => P(f(a.x + b.x), f(a.y + b.y));
const sub = (a: Pos, b: Pos): Pos => P(f(a.x - b.x), f(a.y - b.y));
const scale = (a: Pos, s: number): Pos => P(f(a.x * s), f(a.y * s));
const div = (a: Pos, s: number): Pos => P(f(a.x / s), f(a.y / s));
const dot = (a: Pos, b: Pos): number => f(f(a.x * b.x) + f(a.y * b.y));
export const lengthSq = (a: Pos): number => dot(a, a);
export const length = (a: Pos): number => sqrtf(f(f(a.x * a.x) + f(a.y * a.y)));
export function normalize(a: Pos): Pos {
  const s = f(1 / length(a));
  return P(f(a.x * s), f(a.y * s));
}
export { add, sub, scale };
const eq = (a: Pos, b: Pos): boolean => a.x === b.x && a.y === b.y;

export class Curve {
  path: Pos[] = [];
  lengths: number[] = [];
  workLeft = WORK_BUDGET;

  private spend(units: number): void {
    if (this.workLeft < units) {
      this.workLeft = 0;
      throw new TooComplex('slider path too complex');
    }
    this.workLeft -= units;
  }

  compute(points: ControlPoint[], expected: number | null): void {
    const optimized = this.calculatePath(points);
    this.calculateLength(expected, optimized);
  }

  dist(): number {
    return this.lengths.length ? this.lengths[this.lengths.length - 1]! : 0;
  }

  positionAt(progress: number): Pos {
    const d = Math.min(Math.max(progress, 0), 1) * this.dist();
    const i = idxOfDist(this.lengths, d);
    const path = this.path;
    if (path.length === 0) return P(0, 0);
    if (i === 0) return path[0]!;
    if (i >= path.length) return path[path.length - 1]!;
    const p1 = path[i]!;
    const p0 = path[i - 1]!;
    const d0 = this.lengths[i - 1]!;
    const d1 = this.lengths[i]!;
    if (Math.abs(d0 - d1) <= Number.EPSILON) return p0;
    const w = (d - d0) / (d1 - d0);
    return add(p0, scale(sub(p1, p0), f(w)));
  }

  private calculatePath(points: ControlPoint[]): number {
    const opt = { len: 0 };
    if (points.length === 0) return opt.len;
    this.path = [];
    const vertices = points.map((p) => p.pos);
    let start = 0;
    for (let i = 0; i < points.length; i++) {
      if (points[i]!.kind === null && i < points.length - 1) continue;
      if (i === start) this.path.push(vertices[start]!);
      else {
        const kind: PathType = points[start]!.kind ?? 'linear';
        const pathLen = this.path.length;
        this.subpath(vertices.slice(start, i + 1), kind, opt);
        if (pathLen > 0 && pathLen < this.path.length && eq(this.path[pathLen - 1]!, this.path[pathLen]!)) this.path.splice(pathLen, 1);
      }
      start = i;
    }
    return opt.len;
  }

  private subpath(v: Pos[], kind: PathType, opt: { len: number }): void {
    if (kind === 'linear') {
      this.spend(v.length);
      this.path.push(...v);
    } else if (kind === 'perfect') {
      if (v.length === 3 && this.circularArc(v[0]!, v[1]!, v[2]!)) return;
      this.bezier(v);
    } else if (kind === 'catmull') this.catmull(v, opt);
    else this.bezier(v);
  }

  private circularArc(a: Pos, b: Pos, c: Pos): boolean {
    if (Math.abs(f(f(f(b.y - a.y) * f(c.x - a.x)) - f(f(b.x - a.x) * f(c.y - a.y)))) <= F32_EPS) return false;
    const bc = sub(b, c);
    const ca = sub(c, a);
    const ab = sub(a, b);
    const d = f(2 * f(f(f(a.x * bc.y) + f(b.x * ca.y)) + f(c.x * ab.y)));
    const aSq = lengthSq(a);
    const bSq = lengthSq(b);
    const cSq = lengthSq(c);
    const cb = sub(c, b);
    const ac = sub(a, c);
    const ba = sub(b, a);
    const centre = P(
      f(f(f(f(aSq * bc.y) + f(bSq * ca.y)) + f(cSq * ab.y)) / d),
      f(f(f(f(aSq * cb.x) + f(bSq * ac.x)) + f(cSq * ba.x)) / d),
    );
    const dA = sub(a, centre);
    const dC = sub(c, centre);
    const radius = length(dA);
    const thetaStart = Math.atan2(dA.y, dA.x);
    let thetaEnd = Math.atan2(dC.y, dC.x);
    while (thetaEnd < thetaStart) thetaEnd += 2 * Math.PI;
    let direction = 1;
    let thetaRange = thetaEnd - thetaStart;
    const acv = sub(c, a);
    const ortho = P(acv.y, -acv.x);
    if (dot(ortho, sub(b, a)) < 0) {
      direction = -direction;
      thetaRange = 2 * Math.PI - thetaRange;
    }
    let subPoints: number;
    if (f(2 * radius) <= CIRCULAR_ARC_TOLERANCE) subPoints = 2;
    else {
      const divisor = f(2 * acosf(f(1 - f(CIRCULAR_ARC_TOLERANCE / radius))));
      if (Math.abs(divisor) <= F32_EPS) subPoints = 2;
      else {
        const q = Math.ceil(thetaRange / divisor);
        subPoints = Math.max(Number.isNaN(q) || q < 0 ? 0 : q, 2);
      }
    }
    if (subPoints >= 1000) return false;
    this.spend(subPoints);
    const divv = subPoints - 1;
    const directed = direction * thetaRange;
    for (let i = 0; i < subPoints; i++) {
      const theta = thetaStart + (i / divv) * directed;
      this.path.push(add(centre, scale(P(f(Math.cos(theta)), f(Math.sin(theta))), radius)));
    }
    return true;
  }

  private catmull(pts: Pos[], opt: { len: number }): void {
    const n = pts.length;
    if (n === 1) return;
    this.spend(n * CATMULL_DETAIL * 4);
    const startLen = this.path.length;
    {
      const v1 = pts[0]!;
      const v2 = pts[0]!;
      const v3 = pts[1] ?? v2;
      const v4 = pts[2] ?? sub(scale(v3, 2), v2);
      catmullSubpath(this.path, v1, v2, v3, v4);
    }
    for (let i = 2; i < n; i++) {
      const v1 = pts[i - 2]!;
      const v2 = pts[i - 1]!;
      const v3 = pts[i] ?? sub(scale(v2, 2), v1);
      const v4 = pts[i + 1] ?? sub(scale(v3, 2), v2);
      catmullSubpath(this.path, v1, v2, v3, v4);
    }
    const subPath = this.path.splice(startLen);
    let lastStart: Pos | null = null;
    let removed = 0;
    const seg = CATMULL_DETAIL * 2;
    for (let i = 0; i < subPath.length; i++) {
      const curr = subPath[i]!;
      if (lastStart === null) {
        this.path.push(curr);
        lastStart = curr;
        continue;
      }
      const distFromStart = length(sub(lastStart, curr));
      removed += length(sub(subPath[i - 1]!, curr));
      if (distFromStart > 6 || (i + 1) % seg === 0 || i === subPath.length - 1) {
        this.path.push(curr);
        opt.len += removed - distFromStart;
        lastStart = null;
        removed = 0;
      }
    }
  }

  private bezier(points: Pos[]): void {
    const p = points.length;
    const left: Pos[] = new Array<Pos>(p);
    const right: Pos[] = new Array<Pos>(p);
    const mid: Pos[] = new Array<Pos>(p);
    const leftChild: Pos[] = new Array<Pos>(p);
    const toFlatten: Pos[][] = [points.slice()];
    const free: Pos[][] = [];
    const perStep = p * p + 4;
    for (let parent = toFlatten.pop(); parent; parent = toFlatten.pop()) {
      this.spend(perStep);
      if (isFlatEnough(parent)) {
        bezierApproximate(parent, this.path, left, right, mid);
        free.push(parent);
        continue;
      }
      const rightChild = free.pop() ?? new Array<Pos>(p).fill(P(0, 0));
      subdivide(parent, leftChild, rightChild, mid);
      for (let k = 0; k < p; k++) parent[k] = leftChild[k]!;
      toFlatten.push(rightChild);
      toFlatten.push(parent);
    }
    this.path.push(points[p - 1]!);
  }

  private calculateLength(expectedLen: number | null, optimized: number): void {
    const path = this.path;
    const cum: number[] = [0];
    this.lengths = cum;
    let calculated = optimized;
    for (let k = 1; k < path.length; k++) {
      calculated += length(sub(path[k]!, path[k - 1]!));
      cum.push(calculated);
    }
    if (expectedLen === null || !(Math.abs(calculated - expectedLen) >= Number.EPSILON)) return;
    const expected = expectedLen;
    const n = path.length;
    if (n >= 2 && eq(path[n - 2]!, path[n - 1]!) && expected > calculated) {
      cum.push(calculated);
      return;
    }
    if (cum.length === 1) return;
    cum.pop();
    let lastValid = 0;
    for (let k = cum.length - 1; k >= 0; k--) {
      if (cum[k]! < expected) {
        lastValid = k + 1;
        break;
      }
    }
    if (lastValid < cum.length) {
      cum.length = lastValid;
      path.length = lastValid + 1;
      if (cum.length === 0) {
        cum.push(0);
        return;
      }
    }
    const end = cum.length;
    const prev = end - 1;
    const dir = normalize(sub(path[end]!, path[prev]!));
    path[end] = add(path[prev]!, scale(dir, f(expected - cum[prev]!)));
    cum.push(expected);
  }
}

function idxOfDist(lengths: number[], d: number): number {
  let size = lengths.length;
  let left = 0;
  let right = size;
  while (left < right) {
    const mid = left + Math.floor(size / 2);
    const v = lengths[mid]!;
    if (v < d) left = mid + 1;
    else if (v > d) right = mid;
    else return mid;
    size = right - left;
  }
  return left;
}

function isFlatEnough(points: Pos[]): boolean {
  const limit = f(f(BEZIER_TOLERANCE * BEZIER_TOLERANCE) * 4);
  for (let k = 0; k + 2 < points.length; k++) {
    const v = add(sub(points[k]!, scale(points[k + 1]!, 2)), points[k + 2]!);
    if (lengthSq(v) > limit) return false;
  }
  return true;
}

function subdivide(points: Pos[], l: Pos[], r: Pos[], mid: Pos[]): void {
  const count = points.length;
  for (let k = 0; k < count; k++) mid[k] = points[k]!;
  for (let i = count - 1; i >= 1; i--) {
    l[count - i - 1] = mid[0]!;
    r[i] = mid[i]!;
    for (let j = 0; j < i; j++) mid[j] = div(add(mid[j]!, mid[j + 1]!), 2);
  }
  l[count - 1] = mid[0]!;
  r[0] = mid[0]!;
}

function bezierApproximate(points: Pos[], path: Pos[], l: Pos[], r: Pos[], mid: Pos[]): void {
  const count = points.length;
  subdivide(points, l, r, mid);
  path.push(points[0]!);
  const total = 2 * count - 1;
  const at = (k: number): Pos => (k < count ? l[k]! : r[k - count + 1]!);
  for (let k = 1; k + 2 < total; k += 2) {
    path.push(scale(add(add(at(k), scale(at(k + 1), 2)), at(k + 2)), 0.25));
  }
}

function catmullSubpath(path: Pos[], v1: Pos, v2: Pos, v3: Pos, v4: Pos): void {
  const x1 = f(2 * v2.x);
  const x2 = f(-v1.x + v3.x);
  const x3 = f(f(f(f(2 * v1.x) - f(5 * v2.x)) + f(4 * v3.x)) - v4.x);
  const x4 = f(f(-v1.x + f(3 * f(v2.x - v3.x))) + v4.x);
  const y1 = f(2 * v2.y);
  const y2 = f(-v1.y + v3.y);
  const y3 = f(f(f(f(2 * v1.y) - f(5 * v2.y)) + f(4 * v3.y)) - v4.y);
  const y4 = f(f(-v1.y + f(3 * f(v2.y - v3.y))) + v4.y);
  const point = (t1: number): Pos => {
    const t2 = f(t1 * t1);
    const t3 = f(t2 * t1);
    return P(
      f(0.5 * f(f(f(x1 + f(x2 * t1)) + f(x3 * t2)) + f(x4 * t3))),
      f(0.5 * f(f(f(y1 + f(y2 * t1)) + f(y3 * t2)) + f(y4 * t3))),
    );
  };
  for (let c = 0; c < CATMULL_DETAIL; c++) {
    path.push(point(f(c / CATMULL_DETAIL)));
    path.push(point(f((c + 1) / CATMULL_DETAIL)));
  }
}
