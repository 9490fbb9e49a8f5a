//! Deflates the shipped fonts into OUT_DIR so the binary carries them compressed (about 58% of
//! their size), each after its inflated size (4 bytes, little-endian); `src/fonts/builtin.rs` inflates each face the first time a post needs it.

use std::io::Write as _;
use std::path::Path;

fn main() {
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=fonts");
    let Ok(dir) = std::fs::read_dir("fonts") else {
        panic!("the fonts/ folder is missing");
    };
    for entry in dir.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("ttf") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let data = std::fs::read(&path).expect("font readable");
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
