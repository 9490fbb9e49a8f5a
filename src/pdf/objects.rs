//! The PDF file as it is written: each object goes to the output the moment it is finished
//! (page content as its page is done, an image when first encoded), only its byte offset is
//! kept, and one cross-reference table over every object ends the file. So a book's memory
//! does not hold its pages, only a few bytes each.
//!
//! lopdf 0.44 keeps its object writer private, so objects are serialized here, in the same
//! syntax its writer uses.

use std::io::Write;

use lopdf::{Dictionary, Object, StringFormat};

use super::error::PdfError;
use super::postprocess::Fnv;

/// The output with the offset of every object written to it.
pub struct FileWriter<'o> {
    out: &'o mut dyn Write,
    /// Bytes written so far.
    pos: u64,
    /// Offset of object `n` at `n - 1`; 0 (where the header is) for a number reserved and
    /// not written yet. A book has over a hundred objects a post: eight bytes each.
    offsets: Vec<u64>,
    /// Over every stream's content, in the order written: the file ID.
    hash: Fnv,
}

fn write_error(e: std::io::Error) -> PdfError {
    PdfError::Write(e.to_string())
}

impl<'o> FileWriter<'o> {
    /// Starts the file: the header and a comment of high bytes, which marks it as binary.
    pub fn new(out: &'o mut dyn Write) -> Result<FileWriter<'o>, PdfError> {
        let mut w = FileWriter {
            out,
            pos: 0,
            offsets: Vec::new(),
            hash: Fnv::default(),
        };
        w.raw(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")?;
        Ok(w)
    }

    fn raw(&mut self, bytes: &[u8]) -> Result<(), PdfError> {
        self.out.write_all(bytes).map_err(write_error)?;
        self.pos += bytes.len() as u64;
        Ok(())
    }

    /// A number for an object written later (one another object refers to first).
    pub fn reserve(&mut self) -> u32 {
        self.offsets.push(0);
        u32::try_from(self.offsets.len()).unwrap_or(u32::MAX)
    }

    /// `n` numbers in a row; the first is returned.
    pub fn reserve_many(&mut self, n: usize) -> u32 {
        let first = self.offsets.len() + 1;
        self.offsets.resize(self.offsets.len() + n, 0);
        u32::try_from(first).unwrap_or(u32::MAX)
    }

    /// The number the next reserved object will get.
    pub fn next_id(&self) -> u32 {
        u32::try_from(self.offsets.len() + 1).unwrap_or(u32::MAX)
    }

    /// Writes object `id` (reserved before).
    pub fn put(&mut self, id: u32, object: &Object) -> Result<(), PdfError> {
        let slot = id
            .checked_sub(1)
            .and_then(|i| self.offsets.get_mut(i as usize))
            .ok_or_else(|| PdfError::Write(format!("object {id} was not reserved")))?;
        if *slot != 0 {
            return Err(PdfError::Write(format!("object {id} written twice")));
        }
        *slot = self.pos;
        if let Object::Stream(s) = object {
            self.hash.write(&s.content);
        }
        let mut buf = Vec::new();
        let _ = writeln!(buf, "{id} 0 obj");
        serialize(&mut buf, object);
        buf.extend_from_slice(b"\nendobj\n");
        self.raw(&buf)
    }

    /// Starts writing object `id` (reserved before) piece by piece, with [`FileWriter::piece`],
    /// for one too large to hold as an `Object`; [`FileWriter::end`] ends it.
    pub fn begin(&mut self, id: u32) -> Result<(), PdfError> {
        let at = self.pos;
        let slot = id
            .checked_sub(1)
            .and_then(|i| self.offsets.get_mut(i as usize))
            .ok_or_else(|| PdfError::Write(format!("object {id} was not reserved")))?;
        *slot = at;
        self.raw(format!("{id} 0 obj\n").as_bytes())
    }

    /// Part of the object begun: objects in PDF syntax.
    pub fn piece(&mut self, bytes: &[u8]) -> Result<(), PdfError> {
        self.raw(bytes)
    }

    pub fn end(&mut self) -> Result<(), PdfError> {
        self.raw(b"\nendobj\n")
    }

    /// Reserves a number and writes `object` under it.
    pub fn add(&mut self, object: &Object) -> Result<u32, PdfError> {
        let id = self.reserve();
        self.put(id, object)?;
        Ok(id)
    }

    /// Writes a stream whose content is already encoded as `dict` says; `/Length` is set here.
    pub fn stream(&mut self, mut dict: Dictionary, content: &[u8]) -> Result<u32, PdfError> {
        let id = self.reserve();
        dict.set("Length", Object::Integer(content.len() as i64));
        let slot = id
            .checked_sub(1)
            .and_then(|i| self.offsets.get_mut(i as usize))
            .ok_or_else(|| PdfError::Write(format!("object {id} was not reserved")))?;
        *slot = self.pos;
        self.hash.write(content);
        let mut head = Vec::new();
        let _ = writeln!(head, "{id} 0 obj");
        dictionary(&mut head, &dict);
        head.extend_from_slice(b"stream\n");
        self.raw(&head)?;
        self.raw(content)?;
        self.raw(b"\nendstream\nendobj\n")?;
        Ok(id)
    }

    /// The hash of every stream written so far.
    pub fn hash(&self) -> &Fnv {
        &self.hash
    }

    /// The cross-reference table and the trailer. A number reserved and never written (an
    /// object printpdf made that nothing uses) is written as `null`, which is what a reference
    /// to a missing object means anyway.
    pub fn finish(mut self, trailer: Dictionary) -> Result<(), PdfError> {
        for i in 0..self.offsets.len() {
            if self.offsets.get(i) == Some(&0) {
                let id = u32::try_from(i + 1).unwrap_or(u32::MAX);
                self.put(id, &Object::Null)?;
            }
        }
        let start = self.pos;
        let size = self.offsets.len() + 1;
        // Written in pieces: a book has an entry per paragraph.
        let mut xref = Vec::with_capacity(1 << 16);
        let _ = write!(xref, "xref\n0 {size}\n0000000000 65535 f \n");
        for i in 0..self.offsets.len() {
            let offset = self.offsets.get(i).copied().unwrap_or(0);
            let mut digits = itoa::Buffer::new();
            let digits = digits.format(offset).as_bytes();
            xref.extend(std::iter::repeat_n(
                b'0',
                10usize.saturating_sub(digits.len()),
            ));
            xref.extend_from_slice(digits);
            xref.extend_from_slice(b" 00000 n \n");
            if xref.len() > (1 << 16) - 20 {
                self.raw(&xref)?;
                xref.clear();
            }
        }
        self.raw(&xref)?;
        let mut trailer = trailer;
        trailer.set("Size", Object::Integer(size as i64));
        let mut end = b"trailer\n".to_vec();
        dictionary(&mut end, &trailer);
        let _ = write!(end, "\nstartxref\n{start}\n%%EOF\n");
        self.raw(&end)?;
        self.out.flush().map_err(write_error)
    }
}

/// The two upper-case hexadecimal digits of `b`.
pub(super) fn hex(b: u8) -> [u8; 2] {
    let digit = |n: u8| if n < 10 { b'0' + n } else { b'A' + n - 10 };
    [digit(b >> 4), digit(b & 0xF)]
}

/// An object in PDF syntax, as lopdf writes it.
pub fn serialize(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(v) => out.extend_from_slice(itoa::Buffer::new().format(*v).as_bytes()),
        Object::Real(v) => real(out, *v),
        Object::Name(n) => name(out, n),
        Object::String(s, StringFormat::Literal) => literal(out, s),
        Object::String(s, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in s {
                out.extend(hex(*b));
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                serialize(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => dictionary(out, d),
        Object::Stream(s) => {
            let mut dict = s.dict.clone();
            dict.set("Length", Object::Integer(s.content.len() as i64));
            dictionary(out, &dict);
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => {
            let mut digits = itoa::Buffer::new();
            out.extend_from_slice(digits.format(*id).as_bytes());
            out.push(b' ');
            out.extend_from_slice(digits.format(*generation).as_bytes());
            out.extend_from_slice(b" R");
        }
    }
}

fn dictionary(out: &mut Vec<u8>, d: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in d {
        name(out, key);
        out.push(b' ');
        serialize(out, value);
    }
    out.extend_from_slice(b">>");
}

/// A real without an exponent (PDF has none); not-a-number, which PDF cannot say, as 0.
fn real(out: &mut Vec<u8>, v: f32) {
    if v.is_finite() {
        // `Display` for floats never uses exponent notation.
        let _ = write!(out, "{v}");
    } else {
        out.push(b'0');
    }
}

/// A name, with delimiters, white space and bytes outside `!`..`~` as `#xx`.
fn name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        if b"()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            out.push(b'#');
            out.extend(hex(b));
        } else {
            out.push(b);
        }
    }
}

/// A literal string: backslashes and parentheses escaped, and a carriage return (which
/// readers would take as a line end) as `\r`.
fn literal(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'(');
    for &b in s {
        match b {
            b'(' | b')' | b'\\' => {
                out.push(b'\\');
                out.push(b);
            }
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(o: &Object) -> String {
        let mut out = Vec::new();
        serialize(&mut out, o);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn objects_in_pdf_syntax() {
        assert_eq!(text(&Object::Name(b"A B#/".to_vec())), "/A#20B#23#2F");
        assert_eq!(text(&Object::string_literal("a(b\\")), "(a\\(b\\\\)");
        assert_eq!(text(&Object::Real(1e20)), "100000000000000000000");
        assert_eq!(text(&Object::Real(f32::NAN)), "0");
        assert_eq!(text(&Object::Real(0.5)), "0.5");
        let d = Dictionary::from_iter(vec![
            (
                "K",
                Object::Array(vec![1.into(), Object::Reference((3, 0))]),
            ),
            (
                "S",
                Object::String(vec![0xfe, 0xff], StringFormat::Hexadecimal),
            ),
        ]);
        assert_eq!(text(&Object::Dictionary(d)), "<</K [1 3 0 R]/S <FEFF>>>");
    }

    #[test]
    fn xref_offsets_point_at_objects() {
        let mut out = Vec::new();
        let mut w = FileWriter::new(&mut out).unwrap();
        let later = w.reserve();
        let s = w.stream(Dictionary::new(), b"abc").unwrap();
        w.put(later, &Object::Integer(7)).unwrap();
        w.finish(Dictionary::from_iter(vec![(
            "Root",
            Object::Reference((later, 0)),
        )]))
        .unwrap();
        let at = |needle: &[u8]| out.windows(needle.len()).position(|w| w == needle);
        let xref = at(b"xref\n").unwrap();
        let table = String::from_utf8_lossy(&out[xref..]).into_owned();
        let entries: Vec<usize> = table
            .lines()
            .skip(3)
            .take(2)
            .map(|l| l[..10].parse().unwrap())
            .collect();
        assert!(out[entries[0]..].starts_with(format!("{later} 0 obj\n7").as_bytes()));
        assert!(out[entries[1]..]
            .starts_with(format!("{s} 0 obj\n<</Length 3>>stream\nabc").as_bytes()));
        assert!(table.contains("/Size 3"));
    }
}
