//! Bytes → text: pick the encoding, decode, count what could not be decoded, normalise newlines.

use std::borrow::Cow;

use encoding_rs::{DecoderResult, Encoding, UTF_8, WINDOWS_1252};

use super::find_ascii_ci;

/// How far into the file a `<meta charset>` declaration is looked for, as browsers do.
const META_PRESCAN_BYTES: usize = 1024;

/// Text that is UTF-8 apart from a few broken sequences (a truncated file, one bad paste) is
/// still UTF-8: legacy CJK text only forms valid multi-byte UTF-8 by accident, for at most a
/// quarter or so of its non-ASCII bytes, so it never gets near this ratio.
const UTF8_VALID_PER_INVALID: usize = 16;

/// A post's text, LF line endings only, with how it was decoded.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static Encoding,
    /// Bytes that were not valid in `encoding`; each malformed sequence became one U+FFFD.
    pub bad_bytes: usize,
}

impl Decoded<'_> {
    /// The one warning a lossy decode deserves, if any.
    pub fn warning(&self) -> Option<String> {
        (self.bad_bytes > 0).then(|| {
            format!(
                "text decoded as {} with {} invalid byte{} replaced by U+FFFD",
                self.encoding.name(),
                self.bad_bytes,
                if self.bad_bytes == 1 { "" } else { "s" }
            )
        })
    }
}

/// Decodes a post. Order of evidence: a byte order mark; valid UTF-8, or UTF-8 with only a few
/// broken sequences (even against a `<meta charset>`: re-saved files keep stale ones); a
/// `<meta charset>` in the first kilobyte; chardetng's guess.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    let (encoding, text, bad_bytes) = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        decode_with(encoding, rest)
    } else if let Some(encoding) = utf16_without_bom(bytes) {
        // Before the UTF-8 check: ASCII in UTF-16 is valid UTF-8, NULs and all.
        decode_with(encoding, bytes)
    } else if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        // The hot path: no detection and no copy.
        (UTF_8, Cow::Borrowed(text), 0)
    } else {
        let encoding = if mostly_utf8(bytes) {
            UTF_8
        } else {
            declared_charset(bytes).unwrap_or_else(|| guess(bytes))
        };
        decode_with(encoding, bytes)
    };
    Decoded {
        text: normalize_newlines(text),
        encoding,
        bad_bytes,
    }
}

fn decode_with<'a>(
    encoding: &'static Encoding,
    bytes: &'a [u8],
) -> (&'static Encoding, Cow<'a, str>, usize) {
    if encoding == UTF_8 {
        if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
            return (encoding, Cow::Borrowed(text), 0);
        }
    }
    let (text, bad) = decode_counting(encoding, bytes);
    (encoding, Cow::Owned(text), bad)
}

/// Decodes with replacement like `Encoding::decode`, but also counts the malformed bytes.
fn decode_counting(encoding: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len());
    let mut out = String::with_capacity(capacity);
    let mut rest = bytes;
    let mut bad = 0;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut out, true);
        rest = rest.get(read..).unwrap_or_default();
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {
                let more = decoder
                    .max_utf8_buffer_length_without_replacement(rest.len())
                    .unwrap_or(rest.len())
                    .max(16);
                out.reserve(more);
            }
            DecoderResult::Malformed(len, _) => {
                bad += usize::from(len);
                out.push('\u{FFFD}');
            }
        }
    }
    (out, bad)
}

fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid_multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid_multibyte +=
            chunk.valid().len() - chunk.valid().chars().filter(char::is_ascii).count();
        invalid += chunk.invalid().len();
    }
    invalid > 0 && valid_multibyte >= invalid * UTF8_VALID_PER_INVALID
}

/// The encoding a `<meta charset=…>` or `<meta http-equiv=Content-Type content="…charset=…">`
/// in the first kilobyte declares, with the HTML standard's corrections.
pub fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..META_PRESCAN_BYTES).unwrap_or(bytes);
    let mut pos = 0;
    while let Some(start) = find_ascii_ci(head, pos, b"<meta") {
        let from = head.get(start..).unwrap_or_default();
        let tag_end = from
            .iter()
            .position(|&b| b == b'>')
            .map_or(head.len(), |i| start + i);
        let tag = head.get(start..tag_end).unwrap_or_default();
        if let Some(encoding) = charset_in_tag(tag) {
            // A file whose markup is readable as ASCII is not UTF-16, whatever it says.
            let encoding = match encoding.name() {
                "UTF-16LE" | "UTF-16BE" => UTF_8,
                "x-user-defined" => WINDOWS_1252,
                _ => encoding,
            };
            return Some(encoding);
        }
        pos = tag_end;
    }
    None
}

fn charset_in_tag(tag: &[u8]) -> Option<&'static Encoding> {
    let mut pos = 0;
    while let Some(at) = find_ascii_ci(tag, pos, b"charset") {
        pos = at + b"charset".len();
        let rest = tag.get(pos..).unwrap_or_default().trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = rest.trim_ascii_start();
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let len = rest
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || b"-_.:".contains(b)))
            .unwrap_or(rest.len());
        if let Some(encoding) = Encoding::for_label(rest.get(..len).unwrap_or(rest)) {
            return Some(encoding);
        }
    }
    None
}

fn guess(bytes: &[u8]) -> &'static Encoding {
    let whole = guess_raw(bytes);
    if is_cjk_multibyte(whole) {
        return whole;
    }
    // A legacy CJK file cut inside its last character (a truncated download, a full disk)
    // ends with a lone lead byte, which rules its real encoding out for the detector: judge it
    // without that tail. The whole file is then decoded, the cut character replaced and
    // reported.
    for cut in 1..=3 {
        let Some(head) = bytes.len().checked_sub(cut).and_then(|n| bytes.get(..n)) else {
            break;
        };
        if bytes
            .get(head.len()..)
            .is_some_and(|t| t.iter().any(u8::is_ascii))
        {
            break;
        }
        let guess = guess_raw(head);
        if is_cjk_multibyte(guess) {
            return guess;
        }
    }
    whole
}

fn guess_raw(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    // Only reached when the bytes are not UTF-8, so UTF-8 is not a candidate.
    detector.guess(None, false)
}

fn is_cjk_multibyte(encoding: &'static Encoding) -> bool {
    matches!(
        encoding.name(),
        "GBK" | "gb18030" | "Big5" | "Shift_JIS" | "EUC-JP" | "EUC-KR" | "ISO-2022-JP"
    )
}

/// How much of a file is looked at to tell UTF-16 and binary data from text.
const SNIFF_BYTES: usize = 8192;

/// UTF-16 without a byte order mark: text with any ASCII in it (front matter, markup,
/// newlines) has a NUL in every other byte, on one side only. Accepted only if it then
/// decodes with at most a stray error.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    // No NUL at all (one memchr): not UTF-16, whatever else it is.
    memchr::memchr(0, head)?;
    let (mut zero_even, mut zero_odd) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        if let [a, b] = pair {
            zero_even += usize::from(*a == 0);
            zero_odd += usize::from(*b == 0);
        }
    }
    // At least one unit in twenty is ASCII (newlines alone give that), and the other side
    // has at most a tenth as many NULs (CJK units such as U+4E00 have a zero byte too). Bytes
    // that are valid UTF-8 must be mostly ASCII units: a UTF-8 post with a few stray NULs is
    // not UTF-16.
    // (An error with no length is a character cut at the end of the sample.)
    let utf8 = std::str::from_utf8(head).map_or_else(|e| e.error_len().is_none(), |_| true);
    let min = if utf8 { 8 * pairs } else { pairs };
    let encoding = if zero_odd * 20 >= min && zero_even * 10 <= zero_odd {
        encoding_rs::UTF_16LE
    } else if zero_even * 20 >= min && zero_odd * 10 <= zero_even {
        encoding_rs::UTF_16BE
    } else {
        return None;
    };
    let sample = head.get(..pairs * 2).unwrap_or(head);
    let (text, bad) = decode_counting(encoding, sample);
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
        .count();
    (bad <= 1 && controls * 100 <= pairs).then_some(encoding)
}

/// What a file that is not text at all looks like, by its first bytes: a PDF, an archive, an
/// image or other binary data. Text in UTF-16 (with or without a byte order mark) is text.
pub fn sniff_binary(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF-", "a PDF document"),
        (b"\x1f\x8b", "gzip-compressed data"),
        (b"PK\x03\x04", "a ZIP archive (or an EPUB, DOCX …)"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (b"\xFD7zXZ\x00", "xz-compressed data"),
        (b"\x28\xB5\x2F\xFD", "zstd-compressed data"),
        (b"\x7fELF", "an executable"),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"SQLite format 3\x00", "an SQLite database"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(what);
    }
    if Encoding::for_bom(bytes).is_some() || utf16_without_bom(bytes).is_some() {
        return None;
    }
    // NULs and C0 controls other than tab, newlines, form feed and escape: a stray one is a
    // damaged post (kept, see fixtures/hostile/nul-bytes.html), one byte in twenty is not
    // text at all (random bytes have one in nine).
    let head = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
    if head.len() < 256 {
        return None;
    }
    // Counted in bytes a chunk at a time, so each count is vectorised sixteen bytes a step.
    // All bytes below 0x20 first, one comparison each: text has too few of them to be binary
    // (tabs and line breaks among them), so most posts are never counted control by control.
    let below_space: usize = head
        .chunks(128)
        .map(|chunk| usize::from(chunk.iter().fold(0u8, |n, &b| n + u8::from(b < 0x20))))
        .sum();
    if below_space * 20 <= head.len() {
        return None;
    }
    let controls: usize = head
        .chunks(128)
        .map(|chunk| {
            let n = chunk.iter().fold(0u8, |n, &b| {
                n + u8::from(
                    (b < 0x20)
                        & (b != b'\t')
                        & (b != b'\n')
                        & (b != b'\r')
                        & (b != 0x0c)
                        & (b != 0x1b),
                )
            });
            usize::from(n)
        })
        .sum();
    (controls * 20 > head.len())
        .then_some("binary data (one byte in twenty or more is NUL or a control code)")
}

/// CRLF and lone CR become LF; text without CR is passed through untouched.
pub fn normalize_newlines(text: Cow<'_, str>) -> Cow<'_, str> {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    while let Some(i) = rest.find('\r') {
        out.push_str(rest.get(..i).unwrap_or_default());
        out.push('\n');
        rest = rest.get(i + 1..).unwrap_or_default();
        if let Some(after) = rest.strip_prefix('\n') {
            rest = after;
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{BIG5, GBK, SHIFT_JIS, UTF_16BE, UTF_16LE};

    #[test]
    fn valid_utf8_is_borrowed_and_never_detected() {
        let d = decode("标题\n正文".as_bytes());
        assert!(matches!(d.text, Cow::Borrowed(_)));
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(d.bad_bytes, 0);
        assert!(d.warning().is_none());
    }

    #[test]
    fn valid_utf8_wins_over_a_wrong_meta_charset() {
        let html = "<meta charset=\"gbk\"><p>中文</p>";
        let d = decode(html.as_bytes());
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(d.text, html);
    }

    #[test]
    fn boms_are_honoured_and_stripped() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice("中文".as_bytes());
        assert_eq!(decode(&bytes).text, "中文");

        for (enc, bom) in [(UTF_16LE, &b"\xFF\xFE"[..]), (UTF_16BE, &b"\xFE\xFF"[..])] {
            let mut bytes = bom.to_vec();
            for unit in "中文\r\nab".encode_utf16() {
                let pair = if enc == UTF_16LE {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                };
                bytes.extend_from_slice(&pair);
            }
            let d = decode(&bytes);
            assert_eq!(d.encoding, enc);
            assert_eq!(d.text, "中文\nab");
        }
    }

    #[test]
    fn newlines_are_normalised() {
        assert_eq!(
            normalize_newlines("a\r\nb\rc\n\r\nd\r".into()),
            "a\nb\nc\n\nd\n"
        );
        assert_eq!(normalize_newlines("\r\r\n".into()), "\n\n");
    }

    #[test]
    fn meta_charset_forms() {
        assert_eq!(declared_charset(b"<META CHARSET=GB2312>"), Some(GBK));
        assert_eq!(declared_charset(b"<meta charset='big5'>"), Some(BIG5));
        assert_eq!(
            declared_charset(
                br#"<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">"#
            ),
            Some(SHIFT_JIS)
        );
        assert_eq!(declared_charset(b"<meta charset=\"utf-16\">"), Some(UTF_8));
        assert_eq!(
            declared_charset(b"<meta name=charset content=x><p>charset=gbk"),
            None
        );
        assert_eq!(declared_charset(b"<meta charset=\"no-such\">"), None);
        let mut late = vec![b' '; META_PRESCAN_BYTES];
        late.extend_from_slice(b"<meta charset=gbk>");
        assert_eq!(declared_charset(&late), None);
    }

    #[test]
    fn meta_charset_is_honoured_over_guessing() {
        // Short GBK text that a guesser could take for something else.
        let (body, _, _) = GBK.encode("<meta charset=gbk><p>你好</p>");
        let d = decode(&body);
        assert_eq!(d.encoding, GBK);
        assert_eq!(d.text, "<meta charset=gbk><p>你好</p>");
    }

    #[test]
    fn undeclared_legacy_text_is_detected() {
        let text = "我们在这里讨论中文编码的问题。如果没有声明编码，程序需要自己猜测文本使用的是哪一种编码。";
        let (bytes, _, _) = GBK.encode(text);
        let d = decode(&bytes);
        assert_eq!(d.encoding, GBK);
        assert_eq!(d.text, text);
        assert_eq!(d.bad_bytes, 0);
    }

    #[test]
    fn mostly_utf8_with_a_broken_tail_stays_utf8() {
        let mut bytes = "这是一段很长的中文文字，最后一个字符被截断了。"
            .repeat(3)
            .into_bytes();
        bytes.extend_from_slice(&"字".as_bytes()[..2]);
        let d = decode(&bytes);
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(d.bad_bytes, 2);
        assert!(d.text.ends_with("。\u{FFFD}"));
        let warning = d.warning().unwrap_or_default();
        assert!(
            warning.contains("UTF-8") && warning.contains("2 invalid bytes"),
            "{warning}"
        );
    }

    #[test]
    fn invalid_bytes_in_declared_encoding_are_counted() {
        // 0x80 is not valid in Shift_JIS; the rest is.
        let mut bytes = SHIFT_JIS
            .encode("<meta charset=shift_jis>日本語")
            .0
            .into_owned();
        bytes.push(0xA0);
        bytes.extend_from_slice(b"ok");
        let d = decode(&bytes);
        assert_eq!(d.encoding, SHIFT_JIS);
        assert_eq!(d.bad_bytes, 1);
        assert_eq!(d.text, "<meta charset=shift_jis>日本語\u{FFFD}ok");
    }
}
