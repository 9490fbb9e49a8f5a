//! The EPUB's zip, written by us as it is made: every entry stored or deflated at the effort
//! chosen for it, with one compressor per level reused across entries (the zip crate sets one
//! up per entry), fixed timestamps and modes so the same book gives the same bytes. Entries go
//! to the output as they are added; only the central directory is kept until the end.
//!
//! Entries and offsets are 32-bit (an entry or archive of 4 GiB or more is refused with an
//! error); more than 65,535 entries (a book of tens of thousands of posts) get the zip64 end
//! records that count them.

use std::io::Write;

use flate2::{Compress, Compression, Crc, FlushCompress, Status};

/// How an entry is packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pack {
    Stored,
    /// Deflate at this level (1–9).
    Deflate(u32),
}

#[derive(Debug, thiserror::Error)]
pub enum ZipError {
    #[error("the EPUB archive is too large for a zip without zip64 ({0})")]
    TooLarge(String),
    #[error("could not write the EPUB: {0}")]
    Io(#[from] std::io::Error),
}

struct Central {
    name: Vec<u8>,
    method: u16,
    crc: u32,
    packed: u32,
    size: u32,
    offset: u32,
}

pub(crate) struct ZipOut<'w> {
    out: &'w mut dyn Write,
    /// Bytes written so far: the offset of the next entry.
    written: u64,
    entries: Vec<Central>,
    compressors: Vec<(u32, Compress)>,
    scratch: Vec<u8>,
    header: Vec<u8>,
}

/// MS-DOS date of 1980-01-01 (time 00:00:00), the zip crate's `DateTime::default()`.
const DOS_DATE: u16 = (1 << 5) | 1;
/// Unix `-rw-r--r--` regular file, in the high half of the external attributes.
const UNIX_MODE: u32 = 0o100_644 << 16;
/// Made by Unix (3), zip 2.0.
const MADE_BY: u16 = (3 << 8) | 20;

impl<'w> ZipOut<'w> {
    pub(crate) fn new(out: &'w mut dyn Write) -> ZipOut<'w> {
        ZipOut {
            out,
            written: 0,
            entries: Vec::new(),
            compressors: Vec::new(),
            scratch: Vec::new(),
            header: Vec::new(),
        }
    }

    /// Adds `name` holding `bytes`, packed as `pack` (stored when deflating would not shrink it).
    pub(crate) fn add(&mut self, name: &str, bytes: &[u8], pack: Pack) -> Result<(), ZipError> {
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
        let big = |what: &str| ZipError::TooLarge(format!("{name}: {what}"));
        let entry = Central {
            name: name.as_bytes().to_vec(),
            method,
            crc: crc.sum(),
            packed: u32::try_from(data.len()).map_err(|_| big("entry"))?,
            size: u32::try_from(bytes.len()).map_err(|_| big("entry"))?,
            offset: u32::try_from(self.written).map_err(|_| big("archive"))?,
        };
        let h = &mut self.header;
        h.clear();
        put32(h, 0x0403_4b50);
        put16(h, 20);
        put16(h, flags(&entry.name));
        put16(h, entry.method);
        put16(h, 0);
        put16(h, DOS_DATE);
        put32(h, entry.crc);
        put32(h, entry.packed);
        put32(h, entry.size);
        put16(h, entry.name.len() as u16);
        put16(h, 0);
        h.extend_from_slice(&entry.name);
        self.out.write_all(h)?;
        self.out.write_all(data)?;
        self.written += (h.len() + data.len()) as u64;
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

    /// Writes the central directory and its end records.
    pub(crate) fn finish(self) -> Result<(), ZipError> {
        let start = self.written;
        let mut out = Vec::with_capacity(self.entries.len() * 80 + 128);
        for e in &self.entries {
            put32(&mut out, 0x0201_4b50);
            put16(&mut out, MADE_BY);
            put16(&mut out, 20);
            put16(&mut out, flags(&e.name));
            put16(&mut out, e.method);
            put16(&mut out, 0);
            put16(&mut out, DOS_DATE);
            put32(&mut out, e.crc);
            put32(&mut out, e.packed);
            put32(&mut out, e.size);
            put16(&mut out, e.name.len() as u16);
            put16(&mut out, 0); // extra
            put16(&mut out, 0); // comment
            put16(&mut out, 0); // disk
            put16(&mut out, 0); // internal attributes
            put32(&mut out, UNIX_MODE);
            put32(&mut out, e.offset);
            out.extend_from_slice(&e.name);
        }
        let size = out.len() as u64;
        let count = self.entries.len() as u64;
        let (count16, size32, start32) = (
            u16::try_from(count).ok(),
            u32::try_from(size).ok(),
            u32::try_from(start).ok(),
        );
        if count16.is_none() || size32.is_none() || start32.is_none() {
            // The zip64 end of central directory record, and its locator.
            let end64 = start + size;
            put32(&mut out, 0x0606_4b50);
            put64(&mut out, 44);
            put16(&mut out, 45);
            put16(&mut out, 45);
            put32(&mut out, 0);
            put32(&mut out, 0);
            put64(&mut out, count);
            put64(&mut out, count);
            put64(&mut out, size);
            put64(&mut out, start);
            put32(&mut out, 0x0706_4b50);
            put32(&mut out, 0);
            put64(&mut out, end64);
            put32(&mut out, 1);
        }
        put32(&mut out, 0x0605_4b50);
        put16(&mut out, 0);
        put16(&mut out, 0);
        put16(&mut out, count16.unwrap_or(u16::MAX));
        put16(&mut out, count16.unwrap_or(u16::MAX));
        put32(&mut out, size32.unwrap_or(u32::MAX));
        put32(&mut out, start32.unwrap_or(u32::MAX));
        put16(&mut out, 0);
        self.out.write_all(&out)?;
        self.out.flush()?;
        Ok(())
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

fn put64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_zip_crate_reads_it_back() {
        let mut bytes = Vec::new();
        let mut z = ZipOut::new(&mut bytes);
        let text = "<p>段落。</p>".repeat(200);
        z.add("mimetype", b"application/epub+zip", Pack::Stored)
            .unwrap();
        z.add("OEBPS/a.xhtml", text.as_bytes(), Pack::Deflate(6))
            .unwrap();
        z.add("OEBPS/b.xhtml", text.as_bytes(), Pack::Deflate(6))
            .unwrap();
        z.add("OEBPS/字.css", b"", Pack::Deflate(1)).unwrap();
        z.add("OEBPS/f.ttf", &[7u8; 100], Pack::Stored).unwrap();
        z.finish().unwrap();
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

    #[test]
    fn more_than_65535_entries_are_counted_in_zip64_records() {
        let mut bytes = Vec::new();
        let mut z = ZipOut::new(&mut bytes);
        for i in 0..70_000 {
            z.add(&format!("{i}"), b"", Pack::Stored).unwrap();
        }
        z.finish().unwrap();
        let a = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(a.len(), 70_000);
    }
}
