//! "LZMA alone" decoder (shared/spec/cheat-detection.md §1.7), written for Hayate from the LZMA
//! specification: range decoder, bit trees, literal coder with the matched-literal path, length
//! and distance decoders, the 12-state machine and four rep distances. The whole output is the
//! dictionary (the declared size is known and bounded), so no separate window is needed.
//!
//! Hostile input ends in an error, bounded in time: every input byte is read through a checked
//! cursor (truncation is an error, not zeros), every match distance is checked against the
//! output, and the output never exceeds the declared size.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LzmaError {
    /// The input ended before the declared output was produced.
    Truncated,
    /// Impossible range-coder state, distance beyond the output, bad properties.
    Corrupt,
    /// Declared size above the caller's limit, or "unknown size".
    TooLarge,
}

pub const HEADER_BYTES: usize = 13;

pub struct Header {
    pub lc: u32,
    pub lp: u32,
    pub pb: u32,
    pub size: u64,
}

pub fn read_header(input: &[u8]) -> Result<Header, LzmaError> {
    if input.len() < HEADER_BYTES {
        return Err(LzmaError::Truncated);
    }
    let props = input[0] as u32;
    if props >= 9 * 5 * 5 {
        return Err(LzmaError::Corrupt);
    }
    let mut size = 0u64;
    for i in 0..8 {
        size |= (input[5 + i] as u64) << (8 * i);
    }
    if size == u64::MAX {
        return Err(LzmaError::TooLarge);
    }
    Ok(Header { lc: props % 9, lp: (props / 9) % 5, pb: props / 45, size })
}

const PROB_INIT: u16 = 1024;
const NUM_STATES: usize = 12;
const POS_STATES_MAX: usize = 16;

struct Range<'a> {
    data: &'a [u8],
    pos: usize,
    range: u32,
    code: u32,
}

impl<'a> Range<'a> {
    fn new(data: &'a [u8]) -> Result<Self, LzmaError> {
        let mut r = Range { data, pos: 0, range: 0xFFFF_FFFF, code: 0 };
        let first = r.byte()?;
        for _ in 0..4 {
            r.code = (r.code << 8) | r.byte()? as u32;
        }
        if first != 0 || r.code == r.range {
            return Err(LzmaError::Corrupt);
        }
        Ok(r)
    }

    #[inline]
    fn byte(&mut self) -> Result<u8, LzmaError> {
        match self.data.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => Err(LzmaError::Truncated),
        }
    }

    #[inline]
    fn normalize(&mut self) -> Result<(), LzmaError> {
        if self.range < (1 << 24) {
            self.range <<= 8;
            self.code = (self.code << 8) | self.byte()? as u32;
        }
        Ok(())
    }

    #[inline]
    fn bit(&mut self, prob: &mut u16) -> Result<u32, LzmaError> {
        let p = *prob as u32;
        let bound = (self.range >> 11) * p;
        let bit = if self.code < bound {
            self.range = bound;
            *prob = (p + ((2048 - p) >> 5)) as u16;
            0
        } else {
            self.range -= bound;
            self.code -= bound;
            *prob = (p - (p >> 5)) as u16;
            1
        };
        self.normalize()?;
        Ok(bit)
    }

    fn direct(&mut self, bits: u32) -> Result<u32, LzmaError> {
        let mut res = 0u32;
        for _ in 0..bits {
            self.range >>= 1;
            self.code = self.code.wrapping_sub(self.range);
            let t = 0u32.wrapping_sub(self.code >> 31);
            self.code = self.code.wrapping_add(self.range & t);
            if self.code == self.range {
                return Err(LzmaError::Corrupt);
            }
            self.normalize()?;
            res = (res << 1).wrapping_add(t.wrapping_add(1));
        }
        Ok(res)
    }

    fn tree(&mut self, probs: &mut [u16], bits: u32) -> Result<u32, LzmaError> {
        let mut m = 1usize;
        for _ in 0..bits {
            m = (m << 1) + self.bit(&mut probs[m])? as usize;
        }
        Ok(m as u32 - (1 << bits))
    }

    fn reverse(&mut self, probs: &mut [u16], bits: u32) -> Result<u32, LzmaError> {
        let mut m = 1usize;
        let mut sym = 0u32;
        for i in 0..bits {
            let b = self.bit(&mut probs[m])?;
            m = (m << 1) + b as usize;
            sym |= b << i;
        }
        Ok(sym)
    }
}

struct LenDecoder {
    choice: u16,
    choice2: u16,
    low: [[u16; 8]; POS_STATES_MAX],
    mid: [[u16; 8]; POS_STATES_MAX],
    high: [u16; 256],
}

impl LenDecoder {
    fn new() -> Self {
        LenDecoder {
            choice: PROB_INIT,
            choice2: PROB_INIT,
            low: [[PROB_INIT; 8]; POS_STATES_MAX],
            mid: [[PROB_INIT; 8]; POS_STATES_MAX],
            high: [PROB_INIT; 256],
        }
    }

    fn decode(&mut self, rc: &mut Range, pos_state: usize) -> Result<u32, LzmaError> {
        if rc.bit(&mut self.choice)? == 0 {
            return rc.tree(&mut self.low[pos_state], 3);
        }
        if rc.bit(&mut self.choice2)? == 0 {
            return Ok(8 + rc.tree(&mut self.mid[pos_state], 3)?);
        }
        Ok(16 + rc.tree(&mut self.high, 8)?)
    }
}

/// Decodes a whole LZMA-alone stream whose declared size is at most `max_size`.
pub fn decode(input: &[u8], max_size: u64) -> Result<Vec<u8>, LzmaError> {
    let h = read_header(input)?;
    if h.size > max_size {
        return Err(LzmaError::TooLarge);
    }
    let size = h.size as usize;
    let mut out: Vec<u8> = Vec::with_capacity(size);
    if size == 0 {
        return Ok(out);
    }
    let mut rc = Range::new(&input[HEADER_BYTES..])?;
    let (lc, lp, pb) = (h.lc, h.lp, h.pb);
    let mut literal = vec![PROB_INIT; 0x300usize << (lc + lp)];
    let mut is_match = [PROB_INIT; NUM_STATES << 4];
    let mut is_rep = [PROB_INIT; NUM_STATES];
    let mut is_rep_g0 = [PROB_INIT; NUM_STATES];
    let mut is_rep_g1 = [PROB_INIT; NUM_STATES];
    let mut is_rep_g2 = [PROB_INIT; NUM_STATES];
    let mut is_rep0_long = [PROB_INIT; NUM_STATES << 4];
    let mut pos_slot = [[PROB_INIT; 64]; 4];
    let mut pos_decoders = [PROB_INIT; 115];
    let mut align = [PROB_INIT; 16];
    let mut len_dec = LenDecoder::new();
    let mut rep_len_dec = LenDecoder::new();
    let (mut rep0, mut rep1, mut rep2, mut rep3) = (0u32, 0u32, 0u32, 0u32);
    let mut state = 0usize;
    let pb_mask = (1usize << pb) - 1;
    let lp_mask = (1usize << lp) - 1;

    while out.len() < size {
        let pos = out.len();
        let pos_state = pos & pb_mask;
        if rc.bit(&mut is_match[(state << 4) + pos_state])? == 0 {
            let prev = if pos > 0 { out[pos - 1] as usize } else { 0 };
            let lit_state = ((pos & lp_mask) << lc) + (prev >> (8 - lc));
            let probs = &mut literal[0x300 * lit_state..0x300 * (lit_state + 1)];
            let mut symbol = 1usize;
            if state >= 7 {
                let back = rep0 as usize + 1;
                if back > pos {
                    return Err(LzmaError::Corrupt);
                }
                let mut match_byte = out[pos - back] as usize;
                while symbol < 0x100 {
                    let match_bit = (match_byte >> 7) & 1;
                    match_byte <<= 1;
                    let bit = rc.bit(&mut probs[((1 + match_bit) << 8) + symbol])? as usize;
                    symbol = (symbol << 1) | bit;
                    if match_bit != bit {
                        break;
                    }
                }
            }
            while symbol < 0x100 {
                symbol = (symbol << 1) | rc.bit(&mut probs[symbol])? as usize;
            }
            out.push((symbol - 0x100) as u8);
            state = if state < 4 { 0 } else if state < 10 { state - 3 } else { state - 6 };
            continue;
        }
        let len;
        if rc.bit(&mut is_rep[state])? != 0 {
            if pos == 0 {
                return Err(LzmaError::Corrupt);
            }
            if rc.bit(&mut is_rep_g0[state])? == 0 {
                if rc.bit(&mut is_rep0_long[(state << 4) + pos_state])? == 0 {
                    state = if state < 7 { 9 } else { 11 };
                    let back = rep0 as usize + 1;
                    if back > pos {
                        return Err(LzmaError::Corrupt);
                    }
                    out.push(out[pos - back]);
                    continue;
                }
            } else {
                let dist;
                if rc.bit(&mut is_rep_g1[state])? == 0 {
                    dist = rep1;
                } else {
                    if rc.bit(&mut is_rep_g2[state])? == 0 {
                        dist = rep2;
                    } else {
                        dist = rep3;
                        rep3 = rep2;
                    }
                    rep2 = rep1;
                }
                rep1 = rep0;
                rep0 = dist;
            }
            len = rep_len_dec.decode(&mut rc, pos_state)?;
            state = if state < 7 { 8 } else { 11 };
        } else {
            rep3 = rep2;
            rep2 = rep1;
            rep1 = rep0;
            len = len_dec.decode(&mut rc, pos_state)?;
            state = if state < 7 { 7 } else { 10 };
            let len_state = if len < 3 { len as usize } else { 3 };
            let slot = rc.tree(&mut pos_slot[len_state], 6)?;
            rep0 = if slot < 4 {
                slot
            } else {
                let direct_bits = (slot >> 1) - 1;
                let mut dist = (2 | (slot & 1)) << direct_bits;
                if slot < 14 {
                    let base = (dist - slot) as usize;
                    dist += rc.reverse(&mut pos_decoders[base..], direct_bits)?;
                } else {
                    dist = dist.wrapping_add(rc.direct(direct_bits - 4)? << 4);
                    dist = dist.wrapping_add(rc.reverse(&mut align, 4)?);
                }
                dist
            };
            if rep0 == 0xFFFF_FFFF {
                // End marker before the declared size: the stream is shorter than it claims.
                return Err(LzmaError::Corrupt);
            }
        }
        let len = len as usize + 2;
        let back = rep0 as usize + 1;
        if back > pos || len > size - pos {
            return Err(LzmaError::Corrupt);
        }
        for _ in 0..len {
            let b = out[out.len() - back];
            out.push(b);
        }
    }
    Ok(out)
}
