//! Time and size of subsetting: `cargo bench --bench fonts` (release build).
//! Writes the 1,000-glyph subset to $TMPDIR/postbind-subset-1000.ttf for `ttx -l`.

use std::time::Instant;

use postbind::fonts::{subset, Family, FontSet};

fn main() {
    let t = Instant::now();
    let set = FontSet::builtin();
    println!("FontSet::builtin(): {:?}", t.elapsed());
    let face = set.face(set.face_for('中', Family::Sans, false).expect("CJK face"));
    // The first 1,000 CJK ideographs the face draws, as a long article would use.
    let mut glyphs: Vec<u16> = ('\u{4E00}'..='\u{9FFF}')
        .filter_map(|c| face.glyph_id(c))
        .take(1000)
        .collect();
    glyphs.sort_unstable();
    glyphs.dedup();
    glyphs.insert(0, 0);
    let runs = 20;
    let t = Instant::now();
    let mut bytes = Vec::new();
    for _ in 0..runs {
        bytes = subset(face, &glyphs).expect("subset");
    }
    let per = t.elapsed() / runs;
    println!(
        "subset {} glyphs of {}: {:?} per run, {} bytes",
        glyphs.len(),
        face.postscript_name(),
        per,
        bytes.len()
    );
    let out = std::env::temp_dir().join("postbind-subset-1000.ttf");
    std::fs::write(&out, &bytes).expect("write subset");
    println!("wrote {}", out.display());
}
