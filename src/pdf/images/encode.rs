//! Image streams as the PDF holds them: JPEG files as they are (`DCTDecode`), PNG data as it
//! is where PDF reads it (`FlateDecode` with the PNG predictor: the same bytes), and other
//! pixels deflated after PNG's row filters, which make screenshots several times smaller than
//! plain deflate does.

use std::collections::HashMap;
use std::io::Write as _;

use flate2::write::ZlibEncoder;
use image::DynamicImage;
use lopdf::{Dictionary, Object};

use crate::pdf::error::PdfError;
use crate::pdf::objects::FileWriter;

pub enum Colour {
    Gray,
    Rgb,
    /// A PNG palette: RGB triples.
    Indexed(Vec<u8>),
}

enum Filter {
    Dct,
    Flate,
    /// Deflate over PNG-predicted rows of `colors` samples a pixel.
    FlatePng {
        colors: u8,
    },
}

/// One image stream, ready for the file.
pub struct Encoded {
    width: u32,
    height: u32,
    colour: Colour,
    bits: u8,
    filter: Filter,
    data: Vec<u8>,
    /// Transparency, as a grey image of its own.
    smask: Option<Box<Encoded>>,
}

impl Encoded {
    /// Writes the image (and its mask) to the file; the image's object is returned.
    pub fn write_to(self, file: &mut FileWriter) -> Result<u32, PdfError> {
        let smask = match self.smask {
            Some(m) => Some(m.write_to(file)?),
            None => None,
        };
        let colour = match self.colour {
            Colour::Gray => Object::Name(b"DeviceGray".to_vec()),
            Colour::Rgb => Object::Name(b"DeviceRGB".to_vec()),
            Colour::Indexed(palette) => {
                let last = (palette.len() / 3).saturating_sub(1) as i64;
                Object::Array(vec![
                    Object::Name(b"Indexed".to_vec()),
                    Object::Name(b"DeviceRGB".to_vec()),
                    Object::Integer(last),
                    Object::String(palette, lopdf::StringFormat::Hexadecimal),
                ])
            }
        };
        let mut dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"XObject".to_vec())),
            ("Subtype", Object::Name(b"Image".to_vec())),
            ("Width", Object::Integer(i64::from(self.width))),
            ("Height", Object::Integer(i64::from(self.height))),
            ("ColorSpace", colour),
            ("BitsPerComponent", Object::Integer(i64::from(self.bits))),
        ]);
        match self.filter {
            Filter::Dct => dict.set("Filter", Object::Name(b"DCTDecode".to_vec())),
            Filter::Flate => dict.set("Filter", Object::Name(b"FlateDecode".to_vec())),
            Filter::FlatePng { colors } => {
                dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                dict.set(
                    "DecodeParms",
                    Dictionary::from_iter(vec![
                        ("Predictor", Object::Integer(15)),
                        ("Colors", Object::Integer(i64::from(colors))),
                        ("BitsPerComponent", Object::Integer(i64::from(self.bits))),
                        ("Columns", Object::Integer(i64::from(self.width))),
                    ]),
                );
            }
        }
        if let Some(mask) = smask {
            dict.set("SMask", Object::Reference((mask, 0)));
        }
        file.stream(dict, &self.data)
    }
}

/// A JPEG file unchanged, when it is one PDF readers decode (8-bit grey or RGB).
pub fn jpeg(bytes: Vec<u8>, width: u32, height: u32) -> Option<Encoded> {
    let colour = match jpeg_components(&bytes)? {
        1 => Colour::Gray,
        3 => Colour::Rgb,
        _ => return None,
    };
    Some(Encoded {
        width,
        height,
        colour,
        bits: 8,
        filter: Filter::Dct,
        data: bytes,
        smask: None,
    })
}

/// A PNG file's compressed data unchanged, when PDF can read it as it is and it is compact
/// already: not interlaced, no transparency, grey or a palette. (Truecolour screenshots are
/// re-encoded: most have few colours, and a palette of them is half the size.)
pub fn png(bytes: &[u8]) -> Option<Encoded> {
    let mut at = 8usize;
    if bytes.get(..8)? != b"\x89PNG\r\n\x1a\n" {
        return None;
    }
    let (mut header, mut palette, mut data) = (None, None, Vec::new());
    loop {
        let len =
            usize::try_from(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?)).ok()?;
        let kind = bytes.get(at + 4..at + 8)?;
        let body = bytes.get(at + 8..(at + 8).checked_add(len)?)?;
        match kind {
            b"IHDR" => header = Some(body),
            b"PLTE" => palette = Some(body.to_vec()),
            b"IDAT" => data.extend_from_slice(body),
            // Transparency needs a mask; animation frames are not the first image.
            b"tRNS" | b"acTL" => return None,
            b"IEND" => break,
            _ => {}
        }
        at = at.checked_add(12)?.checked_add(len)?;
    }
    let header = header?;
    let width = u32::from_be_bytes(header.get(0..4)?.try_into().ok()?);
    let height = u32::from_be_bytes(header.get(4..8)?.try_into().ok()?);
    let (bits, colour_type, interlace) = (*header.get(8)?, *header.get(9)?, *header.get(12)?);
    if interlace != 0 || bits > 8 || data.is_empty() {
        return None;
    }
    let (colour, colors) = match colour_type {
        0 => (Colour::Gray, 1),
        3 => (Colour::Indexed(palette?), 1),
        _ => return None,
    };
    Some(Encoded {
        width,
        height,
        colour,
        bits,
        filter: Filter::FlatePng { colors },
        data,
        smask: None,
    })
}

/// Decoded pixels: photos (a source that was a JPEG) as JPEG; images of at most 256 colours
/// (most screenshots) as a palette; the rest deflated, after PNG row filters where the image
/// has many colours. An alpha channel that is not all opaque becomes a soft mask.
pub fn pixels(img: DynamicImage, photo: bool) -> Result<Encoded, String> {
    let (width, height) = (img.width(), img.height());
    let alpha = img.color().has_alpha().then(|| img.to_luma_alpha8());
    let smask = alpha
        .filter(|a| a.pixels().any(|p| p.0[1] != 255))
        .map(|a| {
            let mask: Vec<u8> = a.pixels().map(|p| p.0[1]).collect();
            flate(
                width,
                height,
                Colour::Gray,
                1,
                &mask,
                many_colours(&mask, 1),
            )
            .map(Box::new)
        })
        .transpose()?;
    let grey = matches!(
        img,
        DynamicImage::ImageLuma8(_) | DynamicImage::ImageLumaA8(_) | DynamicImage::ImageLuma16(_)
    );
    let mut encoded = if photo && smask.is_none() {
        dct(&img)?
    } else if grey {
        let samples = img.to_luma8();
        let filtered = many_colours(samples.as_raw(), 1);
        flate(width, height, Colour::Gray, 1, samples.as_raw(), filtered)?
    } else {
        let samples = img.to_rgb8();
        match palette(samples.as_raw()) {
            Some((palette, indices)) => {
                flate(width, height, Colour::Indexed(palette), 1, &indices, false)?
            }
            None => {
                let filtered = many_colours(samples.as_raw(), 3);
                flate(width, height, Colour::Rgb, 3, samples.as_raw(), filtered)?
            }
        }
    };
    encoded.smask = smask;
    Ok(encoded)
}

/// Photos downsampled for the page go back to JPEG: deflate would make them several times larger.
fn dct(img: &DynamicImage) -> Result<Encoded, String> {
    let grey = img.color().channel_count() < 3;
    let mut data = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut data, 85);
    let (colour, result) = if grey {
        (Colour::Gray, encoder.encode_image(&img.to_luma8()))
    } else {
        (Colour::Rgb, encoder.encode_image(&img.to_rgb8()))
    };
    result.map_err(|e| e.to_string())?;
    Ok(Encoded {
        width: img.width(),
        height: img.height(),
        colour,
        bits: 8,
        filter: Filter::Dct,
        data,
        smask: None,
    })
}

/// The image's colours and each pixel's index among them, when there are at most 256.
fn palette(rgb: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut index: HashMap<[u8; 3], u8> = HashMap::new();
    let mut palette = Vec::new();
    let mut indices = Vec::with_capacity(rgb.len() / 3);
    for px in rgb.chunks_exact(3) {
        let Ok(key) = <[u8; 3]>::try_from(px) else {
            continue;
        };
        let i = match index.get(&key) {
            Some(&i) => i,
            None => {
                let i = u8::try_from(index.len()).ok()?;
                index.insert(key, i);
                palette.extend_from_slice(&key);
                i
            }
        };
        indices.push(i);
    }
    Some((palette, indices))
}

/// Whether row filters pay: they help photographs and gradients, but make flat screenshots
/// with anti-aliased text larger than plain deflate does. Judged from every eighth row.
fn many_colours(samples: &[u8], bpp: usize) -> bool {
    let row = samples.len() / 8;
    let mut seen = std::collections::HashSet::new();
    samples
        .chunks(row.max(1))
        .step_by(8)
        .flat_map(|r| r.chunks_exact(bpp))
        .any(|px| seen.insert(px) && seen.len() > 4096)
}

fn flate(
    width: u32,
    height: u32,
    colour: Colour,
    colors: u8,
    samples: &[u8],
    filtered: bool,
) -> Result<Encoded, String> {
    let mut z = ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    if !filtered {
        z.write_all(samples).map_err(|e| e.to_string())?;
        return Ok(Encoded {
            width,
            height,
            colour,
            bits: 8,
            filter: Filter::Flate,
            data: z.finish().map_err(|e| e.to_string())?,
            smask: None,
        });
    }
    let row = width as usize * usize::from(colors);
    let mut previous = vec![0u8; row];
    let mut filtered = vec![0u8; row + 1];
    for line in samples.chunks_exact(row.max(1)) {
        predict(line, &previous, usize::from(colors), &mut filtered);
        z.write_all(&filtered).map_err(|e| e.to_string())?;
        previous.copy_from_slice(line);
    }
    Ok(Encoded {
        width,
        height,
        colour,
        bits: 8,
        filter: Filter::FlatePng { colors },
        data: z.finish().map_err(|e| e.to_string())?,
        smask: None,
    })
}

/// A PNG filter: the byte from itself, left, up and up-left.
type Predictor = fn(u8, u8, u8, u8) -> u8;

/// One row with the PNG filter that leaves the smallest sum of magnitudes (the heuristic
/// libpng uses): its type byte first, then the filtered bytes.
fn predict(line: &[u8], up: &[u8], bpp: usize, out: &mut [u8]) {
    let at = |row: &[u8], i: usize| row.get(i).copied().unwrap_or(0);
    let before = |row: &[u8], i: usize| i.checked_sub(bpp).map_or(0, |j| at(row, j));
    // The byte at `i`, left of it, above it and above-left.
    let around = |i: usize| (at(line, i), before(line, i), at(up, i), before(up, i));
    let filters: [Predictor; 5] = [
        |x, _, _, _| x,
        |x, a, _, _| x.wrapping_sub(a),
        |x, _, b, _| x.wrapping_sub(b),
        |x, a, b, _| x.wrapping_sub(((u16::from(a) + u16::from(b)) / 2) as u8),
        |x, a, b, c| x.wrapping_sub(paeth(a, b, c)),
    ];
    let mut best: Option<(u64, u8, Predictor)> = None;
    for (kind, f) in (0u8..).zip(filters) {
        let cost: u64 = (0..line.len())
            .map(|i| {
                let (x, a, b, c) = around(i);
                u64::from((f(x, a, b, c) as i8).unsigned_abs())
            })
            .sum();
        if best.is_none_or(|(least, _, _)| cost < least) {
            best = Some((cost, kind, f));
        }
    }
    let (Some((_, kind, f)), Some((first, rest))) = (best, out.split_first_mut()) else {
        return;
    };
    *first = kind;
    for (i, o) in rest.iter_mut().take(line.len()).enumerate() {
        let (x, a, b, c) = around(i);
        *o = f(x, a, b, c);
    }
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}
fn jpeg_components(bytes: &[u8]) -> Option<u8> {
    if bytes.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut at = 2;
    loop {
        let (&ff, &marker) = (bytes.get(at)?, bytes.get(at + 1)?);
        if ff != 0xFF {
            return None;
        }
        if marker == 0xFF {
            at += 1; // fill byte
            continue;
        }
        let len = usize::from(u16::from_be_bytes([
            *bytes.get(at + 2)?,
            *bytes.get(at + 3)?,
        ]));
        match marker {
            // SOF0 baseline, SOF1 extended, SOF2 progressive: what PDF's DCTDecode reads.
            0xC0..=0xC2 => {
                let precision = *bytes.get(at + 4)?;
                let components = *bytes.get(at + 9)?;
                return (precision == 8).then_some(components);
            }
            // Other frame types (lossless, arithmetic, hierarchical) or the scan start.
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF | 0xDA => return None,
            _ => at += 2 + len,
        }
    }
}
