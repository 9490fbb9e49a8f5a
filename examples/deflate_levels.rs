//! What each deflate level costs and saves on the streams postbind compresses: the font
//! programs and ToUnicode maps of PDFs, and the entries of EPUBs (fonts, XHTML, the rest).
//!
//! `cargo run --release --example deflate_levels -- DIR` (DIR holds .pdf and .epub files, e.g.
//! `postbind convert posts/ -t pdf,epub -o DIR` over `benches/gen_corpus.py` posts)
//!
//! For each kind of data and level it prints the CPU time to compress all of it (one
//! compressor per stream, as the writers do) and the compressed size.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

use flate2::write::{DeflateEncoder, ZlibEncoder};
use flate2::Compression;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: deflate_levels DIR")?;
    // kind → uncompressed streams
    let mut data: BTreeMap<&'static str, Vec<Vec<u8>>> = BTreeMap::new();
    let mut files = Vec::new();
    walk(Path::new(&dir), &mut files)?;
    for path in files {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == "pdf" {
            let doc = lopdf::Document::load(&path)?;
            for obj in doc.objects.values() {
                let lopdf::Object::Stream(s) = obj else {
                    continue;
                };
                let kind = if s.dict.get(b"Length1").is_ok()
                    || s.dict
                        .get(b"Subtype")
                        .is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"CIDFontType0C"))
                {
                    "pdf font"
                } else if s.content.len() > 2
                    && s.decompressed_content()
                        .is_ok_and(|c| c.windows(8).any(|w| w == b"/CIDInit"))
                {
                    "pdf tounicode"
                } else {
                    continue;
                };
                if let Ok(c) = s.decompressed_content() {
                    data.entry(kind).or_default().push(c);
                }
            }
        } else if ext == "epub" {
            let mut zip = zip::ZipArchive::new(std::fs::File::open(&path)?)?;
            for i in 0..zip.len() {
                let mut f = zip.by_index(i)?;
                let name = f.name().to_string();
                let kind = if name.ends_with(".ttf") || name.ends_with(".otf") {
                    "epub font"
                } else if name.ends_with(".xhtml") {
                    "epub xhtml"
                } else if name.ends_with(".png") || name.ends_with(".jpg") {
                    "epub image"
                } else if name == "mimetype" {
                    continue;
                } else {
                    "epub other"
                };
                let mut bytes = Vec::new();
                f.read_to_end(&mut bytes)?;
                data.entry(kind).or_default().push(bytes);
            }
        }
    }
    println!("kind\tstreams\tbytes\tlevel\tcpu_ms\tout_bytes\tratio");
    for (kind, streams) in &data {
        let total: usize = streams.iter().map(Vec::len).sum();
        for level in [0u32, 1, 2, 3, 4, 6, 9] {
            // Several rounds, for a steadier time.
            let rounds = 3;
            let start = cpu_time();
            let mut out = 0;
            for _ in 0..rounds {
                out = 0;
                for s in streams {
                    out += if kind.starts_with("pdf") {
                        let mut z = ZlibEncoder::new(Vec::new(), Compression::new(level));
                        z.write_all(s)?;
                        z.finish()?.len()
                    } else {
                        let mut z = DeflateEncoder::new(Vec::new(), Compression::new(level));
                        z.write_all(s)?;
                        z.finish()?.len()
                    };
                }
            }
            let ms = (cpu_time() - start) * 1000.0 / f64::from(rounds);
            println!(
                "{kind}\t{}\t{total}\t{level}\t{ms:.1}\t{out}\t{:.3}",
                streams.len(),
                out as f64 / total.max(1) as f64
            );
        }
    }
    Ok(())
}

/// User + system CPU seconds of this process.
fn cpu_time() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the `)`.
    (ticks(11) + ticks(12)) / 100.0
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    out.sort();
    Ok(())
}
