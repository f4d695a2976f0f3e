/**
 * Test helper (not a test): deterministic synthetic osu!std maps for the akatsuki-rx-2019 tests.
 * FROZEN: compute/test/fixtures/akatsuki-rx-2019-synthetic.json holds reference values computed on
 * exactly these bytes; changing a generator invalidates that fixture.
 *
 * `syntheticMap` = plausible maps (all slider types, repeats, green lines incl. NaN, versions 5/7/14,
 * spinners). `hardMap` = edge cases (negative/zero/huge lengths, degenerate perfect circles, mixed
 * segment types, red anchors, stacked objects at the same time, versions 3..14, > 2000 objects,
 * negative start times, missing ApproachRate).
 */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticMap(seed: number): string {
  const r = rng(seed);
  const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const version = pick([5, 7, 14, 14]);
  const out = [`osu file format v${version}`, '', '[General]', 'Mode: 0', '', '[Difficulty]'];
  out.push(`CircleSize:${pick([2, 4, 4.2, 5, 7, 10])}`, `OverallDifficulty:${pick([3, 7, 8.5, 10])}`, `ApproachRate:${pick([5, 8, 9.3, 10])}`);
  out.push(`SliderMultiplier:${pick([0.6, 1.4, 1.8, 2.6])}`, `SliderTickRate:${pick([0.5, 1, 2, 4])}`, '', '[TimingPoints]');
  const beat = pick([300, 352.941176470588, 400, 500]);
  out.push(`0,${beat},4,2,0,60,1,0`);
  let t = 1000;
  for (let i = 0; i < 6; i++) {
    t += int(2000, 6000);
    const sv = pick(['-100', '-50', '-200', '-66.6666666666667', 'NaN', '-133.33']);
    out.push(`${t},${sv},4,2,0,60,0,0`);
  }
  out.push('', '[HitObjects]');
  t = 1000;
  const n = int(40, 120);
  for (let i = 0; i < n; i++) {
    t += pick([beat / 4, beat / 2, beat, beat / 3]);
    const x = int(0, 512);
    const y = int(0, 384);
    const kind = r();
    const time = Math.round(t);
    if (kind < 0.35) out.push(`${x},${y},${time},1,0,0:0:0:0:`);
    else if (kind < 0.95) {
      const pts = () => `${int(0, 512)}:${int(0, 384)}`;
      const type = pick(['L', 'P', 'P4', 'B', 'Banchor', 'C']);
      let path: string;
      if (type === 'L') path = `L|${pts()}`;
      else if (type === 'P') path = `P|${pts()}|${pts()}`;
      else if (type === 'P4') path = `P|${pts()}|${pts()}|${pts()}`;
      else if (type === 'B') path = `B|${pts()}|${pts()}|${pts()}`;
      else if (type === 'Banchor') {
        const a = pts();
        path = `B|${pts()}|${a}|${a}|${pts()}|${pts()}`;
      } else path = `C|${pts()}|${pts()}|${pts()}`;
      const repeats = pick([1, 1, 1, 2, 3, 5]);
      const length = pick([50, 100, 140, 220, 400]);
      out.push(`${x},${y},${time},2,0,${path},${repeats},${length}`);
      t += (length / 100) * beat * repeats;
    } else {
      out.push(`256,192,${time},8,0,${time + 1500}`);
      t += 1500;
    }
  }
  return out.join('\r\n') + '\r\n';
}


export function hardMap(seed: number): string {
  const r = rng(seed * 7919);
  const int = (a: number, b: number): number => a + Math.floor(r() * (b - a + 1));
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out = [`osu file format v${pick([3, 6, 9, 14])}`, '', '[General]', 'StackLeniency: 0.7', 'Mode: 0', '', '[Difficulty]'];
  out.push(`HPDrainRate:5`, `CircleSize:${pick([0, 1.5, 3.3, 6.5, 8.8])}`, `OverallDifficulty:${pick([0, 2.2, 6.6, 9.9])}`);
  if (r() < 0.7) out.push(`ApproachRate:${pick([0, 4.4, 9.7, 10])}`);
  out.push(`SliderMultiplier:${pick([0.4, 1, 2, 3.6])}`, `SliderTickRate:${pick([0.5, 1, 3, 8])}`, '', '[Events]', '//Break Periods', '2,5000,7000', '', '[TimingPoints]');
  let t0 = int(-500, 800);
  out.push(`${t0},${pick([150, 250, 333.333, 600])},4,2,0,60,1,0`);
  let t = t0;
  for (let i = 0; i < 20; i++) {
    t += int(500, 20000);
    if (r() < 0.3) out.push(`${t},${pick([200, 300, 461.538461538462])},${pick([3, 4, 7])},2,0,60,1,${pick([0, 1])}`);
    if (r() < 0.9) out.push(`${t},${pick(['-100', '-25', '-1000', '-10', 'NaN', '-80', '-66.6666666666667'])},4,2,0,60,0,${pick([0, 1])}`);
  }
  out.push('', '[HitObjects]');
  t = t0 + 100;
  const n = pick([2, 3, 50, 300, 2100, 2600]);
  for (let i = 0; i < n; i++) {
    t += pick([0, 1, 20, 60, 100, 150, 300]);
    const x = int(-20, 530), y = int(-20, 400), time = Math.round(t);
    const k = r();
    const pts = (): string => `${int(-50, 560)}:${int(-50, 430)}`;
    if (k < 0.4) out.push(`${x},${y},${time},${pick([1, 5, 21])},0,0:0:0:0:`);
    else if (k < 0.93) {
      const a = pts();
      const path = pick([
        `L|${pts()}`, `L|${x}:${y}`, `P|${pts()}|${pts()}`, `P|${a}|${a}`, `P|${x + 10}:${y}|${x + 20}:${y}`, `P|${pts()}|${pts()}|${pts()}`,
        `B|${pts()}|${pts()}|${pts()}|${pts()}|${pts()}|${pts()}`, `B|${pts()}|${a}|${a}|${pts()}`, `C|${pts()}|${pts()}`, `C|${pts()}|${pts()}|${pts()}|${pts()}`,
        `B|${pts()}|L|${pts()}`, `B|${pts()}|${pts()}|P|${pts()}|${pts()}`, `C|${a}|${a}|${pts()}`,
      ]);
      const repeats = pick([1, 1, 2, 4, 9, 20]);
      const len = pick(['', '0', '1', '30', '137.5', '300', '1200', '-5']);
      out.push(`${x},${y},${time},${pick([2, 6, 22])},0,${path},${repeats}${len === '' ? '' : ',' + len}`);
      t += pick([50, 200, 600]);
    } else out.push(`256,192,${time},${pick([8, 12])},0,${time + pick([0, 500, 3000])}`);
  }
  return out.join('\n') + '\n';
}
