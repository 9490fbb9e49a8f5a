//! The EPUB's zip, written by us: every entry stored or deflated at the effort chosen for it,
//! with one compressor per level reused across entries (the zip crate sets one up per entry),
//! fixed timestamps and modes so the same book gives the same bytes.
//!
//! Plain zip: no zip64, so an archive or entry of 4 GiB or more is refused with an error.

use flate2::{Compress, Compression, Crc, FlushCompress, Status};

/// How an entry is packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pack {
    Stored,
    /// Deflate at this level (1–9).
    Deflate(u32),
}

#[derive(Debug, thiserror::Error)]
#[error("the EPUB archive is too large for a zip without zip64 ({0})")]
pub struct TooLarge(String);

struct Central {
    name: Vec<u8>,
    method: u16,
    crc: u32,
    packed: u32,
    size: u32,
    offset: u32,
}

pub(crate) struct ZipOut {
    out: Vec<u8>,
    entries: Vec<Central>,
    compressors: Vec<(u32, Compress)>,
    scratch: Vec<u8>,
}

/// MS-DOS date of 1980-01-01 (time 00:00:00), the zip crate's `DateTime::default()`.
const DOS_DATE: u16 = (1 << 5) | 1;
/// Unix `-rw-r--r--` regular file, in the high half of the external attributes.
const UNIX_MODE: u32 = 0o100_644 << 16;
/// Made by Unix (3), zip 2.0.
const MADE_BY: u16 = (3 << 8) | 20;

impl ZipOut {
    pub(crate) fn with_capacity(bytes: usize) -> ZipOut {
        ZipOut {
            out: Vec::with_capacity(bytes),
            entries: Vec::new(),
            compressors: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// Adds `name` holding `bytes`, packed as `pack` (stored when deflating would not shrink it).
    pub(crate) fn add(&mut self, name: &str, bytes: &[u8], pack: Pack) -> Result<(), TooLarge> {
        let mut crc = Crc::new();
        crc.update(bytes);
        let deflated = match pack {
            Pack::Deflate(level) if !bytes.is_empty() => self.deflate(bytes, level),
            _ => false,
        };
        let (method, data): (u16, &[u8]) = if deflated && self.scratch.len() < bytes.len() {
            (8, &self.scratch)
        } else {
            (0, bytes)
        };
        let big = |what: &str| TooLarge(format!("{name}: {what}"));
        let entry = Central {
            name: name.as_bytes().to_vec(),
            method,
            crc: crc.sum(),
            packed: u32::try_from(data.len()).map_err(|_| big("entry"))?,
            size: u32::try_from(bytes.len()).map_err(|_| big("entry"))?,
            offset: u32::try_from(self.out.len()).map_err(|_| big("archive"))?,
        };
        let out = &mut self.out;
        put32(out, 0x0403_4b50);
        put16(out, 20);
        put16(out, flags(&entry.name));
        put16(out, entry.method);
        put16(out, 0);
        put16(out, DOS_DATE);
        put32(out, entry.crc);
        put32(out, entry.packed);
        put32(out, entry.size);
        put16(out, entry.name.len() as u16);
        put16(out, 0);
        out.extend_from_slice(&entry.name);
        out.extend_from_slice(data);
        self.entries.push(entry);
        Ok(())
    }

    /// Deflates `bytes` into `scratch`; false if the compressor failed.
    fn deflate(&mut self, bytes: &[u8], level: u32) -> bool {
        let level = level.clamp(1, 9);
        let at = match self.compressors.iter().position(|(l, _)| *l == level) {
            Some(i) => i,
            None => {
                self.compressors
                    .push((level, Compress::new(Compression::new(level), false)));
                self.compressors.len() - 1
            }
        };
        let Some((_, z)) = self.compressors.get_mut(at) else {
            return false;
        };
        z.reset();
        self.scratch.clear();
        self.scratch.reserve(bytes.len() / 2 + 64);
        loop {
            let Some(rest) = usize::try_from(z.total_in())
                .ok()
                .and_then(|n| bytes.get(n..))
            else {
                return false;
            };
            match z.compress_vec(rest, &mut self.scratch, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => return true,
                Ok(_) => {
                    let more = self.scratch.capacity().max(1024);
                    self.scratch.reserve(more);
                }
                Err(_) => return false,
            }
        }
    }

    /// The central directory and its end record; the archive's bytes.
    pub(crate) fn finish(mut self) -> Result<Vec<u8>, TooLarge> {
        let start = u32::try_from(self.out.len()).map_err(|_| TooLarge("archive".into()))?;
        let count = u16::try_from(self.entries.len())
            .map_err(|_| TooLarge(format!("{} entries", self.entries.len())))?;
        let out = &mut self.out;
        for e in &self.entries {
            put32(out, 0x0201_4b50);
            put16(out, MADE_BY);
            put16(out, 20);
            put16(out, flags(&e.name));
            put16(out, e.method);
            put16(out, 0);
            put16(out, DOS_DATE);
            put32(out, e.crc);
            put32(out, e.packed);
            put32(out, e.size);
            put16(out, e.name.len() as u16);
            put16(out, 0); // extra
            put16(out, 0); // comment
            put16(out, 0); // disk
            put16(out, 0); // internal attributes
            put32(out, UNIX_MODE);
            put32(out, e.offset);
            out.extend_from_slice(&e.name);
        }
        let size = u32::try_from(out.len())
            .ok()
            .and_then(|end| end.checked_sub(start))
            .ok_or_else(|| TooLarge("archive".into()))?;
        put32(out, 0x0605_4b50);
        put16(out, 0);
        put16(out, 0);
        put16(out, count);
        put16(out, count);
        put32(out, size);
        put32(out, start);
        put16(out, 0);
        Ok(self.out)
    }
}

/// Bit 11 when the name is not ASCII: it is UTF-8.
fn flags(name: &[u8]) -> u16 {
    if name.is_ascii() {
        0
    } else {
        1 << 11
    }
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_zip_crate_reads_it_back() {
        let mut z = ZipOut::with_capacity(0);
        let text = "<p>段落。</p>".repeat(200);
        z.add("mimetype", b"application/epub+zip", Pack::Stored)
            .unwrap();
        z.add("OEBPS/a.xhtml", text.as_bytes(), Pack::Deflate(6))
            .unwrap();
        z.add("OEBPS/b.xhtml", text.as_bytes(), Pack::Deflate(6))
            .unwrap();
        z.add("OEBPS/字.css", b"", Pack::Deflate(1)).unwrap();
        z.add("OEBPS/f.ttf", &[7u8; 100], Pack::Stored).unwrap();
        let bytes = z.finish().unwrap();
        let mut a = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(a.len(), 5);
        let names: Vec<String> = (0..5)
            .map(|i| a.by_index(i).unwrap().name().to_string())
            .collect();
        assert_eq!(names[3], "OEBPS/字.css");
        for name in ["OEBPS/a.xhtml", "OEBPS/b.xhtml"] {
            let mut f = a.by_name(name).unwrap();
            assert_eq!(f.compression(), zip::CompressionMethod::Deflated);
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            assert_eq!(s, text);
        }
        let f = a.by_name("mimetype").unwrap();
        assert_eq!(f.compression(), zip::CompressionMethod::Stored);
        assert_eq!(f.unix_mode(), Some(0o100_644));
    }
}
