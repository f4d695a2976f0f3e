//! The hot loops of the replay heuristics (shared/spec/cheat-detection.md §2.4-2.6): frametime
//! median, snaps, pairing two replays, similarity and FFT cross-correlation. Same algorithms, in
//! the same order, as compute/cheat/kernels/*.ts; a test checks the two agree on every fixture.

pub struct Track {
    pub t: Vec<f64>,
    pub x: Vec<f64>,
    pub y: Vec<f64>,
}

pub fn dedup(t: &[f64], x: &[f64], y: &[f64]) -> Track {
    let mut out = Track { t: Vec::with_capacity(t.len()), x: Vec::with_capacity(t.len()), y: Vec::with_capacity(t.len()) };
    for i in 0..t.len() {
        if let Some(&last) = out.t.last() {
            if t[i] == last {
                continue;
            }
        }
        out.t.push(t[i]);
        out.x.push(x[i]);
        out.y.push(y[i]);
    }
    out
}

pub fn median(values: &mut [f64]) -> f64 {
    let n = values.len();
    if n == 0 {
        return f64::NAN;
    }
    values.sort_unstable_by(|a, b| a.partial_cmp(b).unwrap_or(core::cmp::Ordering::Equal));
    let h = n / 2;
    if n % 2 == 1 {
        values[h]
    } else {
        (values[h - 1] + values[h]) / 2.0
    }
}

pub fn frametime_median(t: &[f64]) -> f64 {
    if t.len() < 2 {
        return f64::NAN;
    }
    let mut d: Vec<f64> = t.windows(2).map(|w| w[1] - w[0]).collect();
    median(&mut d)
}

/// (time, angle, distance, x, y) of each snap.
pub fn snaps(t: &[f64], x: &[f64], y: &[f64], max_angle: f64, min_distance: f64) -> Vec<[f64; 5]> {
    let d = dedup(t, x, y);
    let n = d.t.len();
    let mut out = Vec::new();
    let mut i = 1;
    while i + 1 < n {
        let (abx, aby) = (d.x[i] - d.x[i - 1], d.y[i] - d.y[i - 1]);
        let (bcx, bcy) = (d.x[i + 1] - d.x[i], d.y[i + 1] - d.y[i]);
        let (acx, acy) = (d.x[i + 1] - d.x[i - 1], d.y[i + 1] - d.y[i - 1]);
        let ab = (abx * abx + aby * aby).sqrt();
        let bc = (bcx * bcx + bcy * bcy).sqrt();
        let ac = (acx * acx + acy * acy).sqrt();
        let denom = 2.0 * ab * bc;
        if denom != 0.0 {
            let cos = (-(ac * ac - ab * ab - bc * bc) / denom).max(-1.0).min(1.0);
            let beta = cos.acos() * (180.0 / core::f64::consts::PI);
            let dist = ab.min(bc);
            if dist > min_distance && beta < max_angle {
                out.push([d.t[i], beta, dist, d.x[i], d.y[i]]);
            }
        }
        i += 1;
    }
    out
}

fn interp(xs: &[f64], xp: &[f64], fp: &[f64]) -> Vec<f64> {
    let n = xp.len();
    let mut out = Vec::with_capacity(xs.len());
    let mut j = 0usize;
    for &v in xs {
        if v <= xp[0] {
            out.push(fp[0]);
            continue;
        }
        if v >= xp[n - 1] {
            out.push(fp[n - 1]);
            continue;
        }
        while xp[j + 1] <= v {
            j += 1;
        }
        let (x0, x1) = (xp[j], xp[j + 1]);
        out.push(if v == x0 { fp[j] } else { fp[j] + ((fp[j + 1] - fp[j]) * (v - x0)) / (x1 - x0) });
    }
    out
}

pub struct Paired {
    pub x1: Vec<f64>,
    pub y1: Vec<f64>,
    pub x2: Vec<f64>,
    pub y2: Vec<f64>,
}

pub fn pair(a: (&[f64], &[f64], &[f64]), b: (&[f64], &[f64], &[f64]), flip: bool) -> Paired {
    let a = dedup(a.0, a.1, a.2);
    let b = dedup(b.0, b.1, b.2);
    let (x1, y1, x2, y2) = if a.t.is_empty() || b.t.is_empty() {
        (Vec::new(), Vec::new(), Vec::new(), Vec::new())
    } else if a.t.len() > b.t.len() {
        let x2 = interp(&a.t, &b.t, &b.x);
        let y2 = interp(&a.t, &b.t, &b.y);
        (a.x, a.y, x2, y2)
    } else {
        let x1 = interp(&b.t, &a.t, &a.x);
        let y1 = interp(&b.t, &a.t, &a.y);
        (x1, y1, b.x, b.y)
    };
    let on = |x: f64, y: f64| (0.0..=512.0).contains(&x) && (0.0..=384.0).contains(&y);
    let mut p = Paired { x1: Vec::new(), y1: Vec::new(), x2: Vec::new(), y2: Vec::new() };
    for i in 0..x1.len() {
        if on(x1[i], y1[i]) && on(x2[i], y2[i]) {
            p.x1.push(x1[i]);
            p.y1.push(if flip { 384.0 - y1[i] } else { y1[i] });
            p.x2.push(x2[i]);
            p.y2.push(y2[i]);
        }
    }
    p
}

pub fn similarity(p: &Paired) -> f64 {
    let n = p.x1.len();
    if n == 0 {
        return f64::NAN;
    }
    let mut s = 0.0;
    for i in 0..n {
        let dx = p.x1[i] - p.x2[i];
        let dy = p.y1[i] - p.y2[i];
        s += (dx * dx + dy * dy).sqrt();
    }
    s / n as f64
}

fn fft(re: &mut [f64], im: &mut [f64], inverse: bool) {
    let n = re.len();
    let mut j = 0usize;
    for i in 1..n {
        let mut bit = n >> 1;
        while j & bit != 0 {
            j ^= bit;
            bit >>= 1;
        }
        j ^= bit;
        if i < j {
            re.swap(i, j);
            im.swap(i, j);
        }
    }
    let mut len = 2;
    while len <= n {
        let ang = (if inverse { 2.0 } else { -2.0 }) * core::f64::consts::PI / len as f64;
        let (wr, wi) = (ang.cos(), ang.sin());
        let half = len >> 1;
        let mut i = 0;
        while i < n {
            let (mut cr, mut ci) = (1.0f64, 0.0f64);
            for k in 0..half {
                let a = i + k;
                let b = a + half;
                let xr = re[b] * cr - im[b] * ci;
                let xi = re[b] * ci + im[b] * cr;
                re[b] = re[a] - xr;
                im[b] = im[a] - xi;
                re[a] += xr;
                im[a] += xi;
                let ncr = cr * wr - ci * wi;
                ci = cr * wi + ci * wr;
                cr = ncr;
            }
            i += len;
        }
        len <<= 1;
    }
    if inverse {
        let nf = n as f64;
        for i in 0..n {
            re[i] /= nf;
            im[i] /= nf;
        }
    }
}

fn spectrum(src: &[f64], n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut re = vec![0.0; n];
    re[..src.len()].copy_from_slice(src);
    let mut im = vec![0.0; n];
    fft(&mut re, &mut im, false);
    (re, im)
}

pub fn max_cross_correlation(ax: &[f64], ay: &[f64], bx: &[f64], by: &[f64]) -> f64 {
    let m = ax.len();
    if m == 0 {
        return f64::NAN;
    }
    let n = (2 * m - 1).next_power_of_two();
    let sa_x = spectrum(ax, n);
    let sa_y = spectrum(ay, n);
    let sb_x = spectrum(bx, n);
    let sb_y = spectrum(by, n);
    let combos: [&[(&(Vec<f64>, Vec<f64>), &(Vec<f64>, Vec<f64>))]; 3] =
        [&[(&sa_x, &sb_x), (&sa_y, &sb_y)], &[(&sa_y, &sb_x)], &[(&sa_x, &sb_y)]];
    let mut best = f64::NEG_INFINITY;
    let mut re = vec![0.0; n];
    let mut im = vec![0.0; n];
    for pairs in combos.iter() {
        for v in re.iter_mut() {
            *v = 0.0;
        }
        for v in im.iter_mut() {
            *v = 0.0;
        }
        for (p, q) in pairs.iter() {
            for k in 0..n {
                re[k] = re[k] + p.0[k] * q.0[k] + p.1[k] * q.1[k];
                im[k] = im[k] + p.1[k] * q.0[k] - p.0[k] * q.1[k];
            }
        }
        fft(&mut re, &mut im, true);
        for k in 0..m {
            if re[k] > best {
                best = re[k];
            }
        }
        for k in (n - m + 1)..n {
            if re[k] > best {
                best = re[k];
            }
        }
    }
    best
}

fn population_std(v: &[f64]) -> f64 {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let mut ss = 0.0;
    for &x in v {
        let d = x - mean;
        ss += d * d;
    }
    (ss / n).sqrt()
}

pub fn correlation(p: &Paired, chunks: usize) -> f64 {
    let len = p.x1.len() - p.x1.len() % chunks;
    let m = len / chunks;
    if m == 0 {
        return f64::NAN;
    }
    let mut values = Vec::with_capacity(chunks);
    for c in 0..chunks {
        let r = c * m..(c + 1) * m;
        let (mut ax, mut ay) = (p.x1[r.clone()].to_vec(), p.y1[r.clone()].to_vec());
        let (mut bx, mut by) = (p.x2[r.clone()].to_vec(), p.y2[r].to_vec());
        let center = |u: &mut Vec<f64>, v: &mut Vec<f64>| -> f64 {
            let mut sum = 0.0;
            for i in 0..m {
                sum += u[i] + v[i];
            }
            let mean = sum / (2 * m) as f64;
            for i in 0..m {
                u[i] -= mean;
                v[i] -= mean;
            }
            let mut both = u.clone();
            both.extend_from_slice(v);
            population_std(&both)
        };
        let sa = center(&mut ax, &mut ay);
        let sb = center(&mut bx, &mut by);
        let norm = sa * sb * (2 * m) as f64;
        values.push(max_cross_correlation(&ax, &ay, &bx, &by) / norm);
    }
    median(&mut values)
}
