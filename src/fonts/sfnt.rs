//! Just enough of the sfnt container to read a font's tables and write a font back from them.

pub fn read_u16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

pub fn read_u32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The sfnt checksum of a table (or of a whole font): its big-endian words summed.
pub fn checksum(data: &[u8]) -> u32 {
    // Whole words read as words (a copy per word into a buffer was a `memcpy` call each).
    let words = data.chunks_exact(4);
    let mut tail = [0u8; 4];
    for (t, b) in tail.iter_mut().zip(words.remainder()) {
        *t = *b;
    }
    words
        .map(|w| <[u8; 4]>::try_from(w).map_or(0, u32::from_be_bytes))
        .fold(u32::from_be_bytes(tail), u32::wrapping_add)
}

/// A table's tag and bytes.
pub type Table<'a> = ([u8; 4], &'a [u8]);

/// A table's tag and bytes, owned (a table being written).
pub type Owned = ([u8; 4], Vec<u8>);

/// The sfnt version and every table of face `index` of `font` (a collection holds several),
/// in directory order.
pub fn tables(font: &[u8], index: u32) -> Option<(u32, Vec<Table<'_>>)> {
    let start = if font.get(..4)? == b"ttcf" {
        if index >= read_u32(font, 8)? {
            return None;
        }
        let at = 12usize.checked_add(4 * usize::try_from(index).ok()?)?;
        usize::try_from(read_u32(font, at)?).ok()?
    } else if index == 0 {
        0
    } else {
        return None;
    };
    let version = read_u32(font, start)?;
    let count = usize::from(read_u16(font, start + 4)?);
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let rec = start + 12 + 16 * i;
        let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
        let off = read_u32(font, rec + 8)? as usize;
        let len = read_u32(font, rec + 12)? as usize;
        out.push((tag, font.get(off..off.checked_add(len)?)?));
    }
    Some((version, out))
}

/// A font file of `tables`, with offsets, checksums and `head.checkSumAdjustment` computed.
pub fn assemble(version: u32, mut tables: Vec<Owned>) -> Option<Vec<u8>> {
    tables.sort_by_key(|(t, _)| *t);
    let n = u16::try_from(tables.len()).ok()?;
    let pow = 1u16 << (15 - n.max(1).leading_zeros().min(15));
    let mut out = Vec::new();
    out.extend_from_slice(&version.to_be_bytes());
    for v in [
        n,
        pow.saturating_mul(16),
        pow.trailing_zeros() as u16,
        n.saturating_mul(16).saturating_sub(pow.saturating_mul(16)),
    ] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    out.reserve(
        offset
            + tables
                .iter()
                .map(|(_, d)| d.len().div_ceil(4) * 4)
                .sum::<usize>(),
    );
    let mut head_at = None;
    for (t, data) in &mut tables {
        if t == b"head" {
            // checkSumAdjustment is computed over the font with it zeroed.
            data.get_mut(8..12)?.fill(0);
            head_at = Some(offset);
        }
        out.extend_from_slice(t);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&u32::try_from(offset).ok()?.to_be_bytes());
        out.extend_from_slice(&u32::try_from(data.len()).ok()?.to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    if let Some(at) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out.get_mut(at + 8..at + 12)?
            .copy_from_slice(&adjust.to_be_bytes());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_sums_big_endian_words_padded_with_zeros() {
        assert_eq!(checksum(&[]), 0);
        assert_eq!(checksum(&[1, 2, 3, 4]), 0x0102_0304);
        assert_eq!(checksum(&[0, 0, 0, 1, 0xFF]), 0xFF00_0001);
        assert_eq!(checksum(&[0xFF; 8]), 0xFFFF_FFFE);
    }
}
