//! Deflates the shipped fonts into OUT_DIR so the binary carries them compressed (about 58% of
//! their size), each after its inflated size (4 bytes, little-endian); `src/fonts/builtin.rs` inflates each face the first time a post needs it.
//!
//! Each font's `cmap` loses its Unicode-platform encoding records (0/3, 0/4, 0/5), which point
//! at the same mappings as the Windows ones (3/1, 3/10): readers and shapers use either, and
//! the EPUB subsetter (klippa) reads every mapping of every record it keeps, once a subset —
//! a fifth of an EPUB's instructions before.

use std::io::Write as _;
use std::path::Path;

// The sfnt readers the crate uses; the build needs only some of them.
#[allow(dead_code)]
#[path = "src/fonts/sfnt.rs"]
mod sfnt;

fn main() {
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=fonts");
    println!("cargo:rerun-if-changed=src/fonts/sfnt.rs");
    let Ok(dir) = std::fs::read_dir("fonts") else {
        panic!("the fonts/ folder is missing");
    };
    for entry in dir.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("ttf") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let mut data = std::fs::read(&path).expect("font readable");
        windows_cmap_only(&mut data);
        let name = path.file_name().expect("file name").to_string_lossy();
        let target = Path::new(&out).join(format!("{name}.z"));
        let mut enc = flate2::write::ZlibEncoder::new(
            Vec::with_capacity(data.len()),
            flate2::Compression::new(6),
        );
        enc.write_all(&data).expect("deflate");
        // The inflated size first, so the face is inflated into a buffer made once.
        let len = u32::try_from(data.len()).expect("a font under 4 GB");
        let mut file = len.to_le_bytes().to_vec();
        file.extend(enc.finish().expect("deflate"));
        std::fs::write(target, file).expect("write OUT_DIR");
    }
}

/// Drops the `cmap` encoding records of platform 0 when Windows ones (platform 3) are there,
/// in place: the kept records move up, the rest of the record array is zeroed, and the
/// subtables (offsets from the table's start) stay where they are. The table's checksum is
/// made again.
fn windows_cmap_only(font: &mut [u8]) {
    let Some(tables) = sfnt::read_u16(font, 4) else {
        return;
    };
    for i in 0..usize::from(tables) {
        let rec = 12 + 16 * i;
        if font.get(rec..rec + 4) != Some(b"cmap") {
            continue;
        }
        let (Some(at), Some(len)) = (
            sfnt::read_u32(font, rec + 8),
            sfnt::read_u32(font, rec + 12),
        ) else {
            return;
        };
        let (at, len) = (at as usize, len as usize);
        let Some(cmap) = font.get_mut(at..at + len) else {
            return;
        };
        let Some(count) = sfnt::read_u16(cmap, 2) else {
            return;
        };
        let records: Vec<[u8; 8]> = (0..usize::from(count))
            .filter_map(|r| cmap.get(4 + 8 * r..12 + 8 * r)?.try_into().ok())
            .collect();
        let windows: Vec<[u8; 8]> = records
            .iter()
            .filter(|r| r[..2] == [0, 3])
            .copied()
            .collect();
        if windows.is_empty() || windows.len() == records.len() {
            return;
        }
        cmap[2..4].copy_from_slice(&(windows.len() as u16).to_be_bytes());
        for (r, slot) in cmap[4..4 + 8 * records.len()].chunks_mut(8).enumerate() {
            match windows.get(r) {
                Some(w) => slot.copy_from_slice(w),
                None => slot.fill(0),
            }
        }
        let sum = sfnt::checksum(cmap);
        font[rec + 4..rec + 8].copy_from_slice(&sum.to_be_bytes());
        return;
    }
}
