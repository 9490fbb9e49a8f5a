//! `--changed-only`: a record in the output folder of what each output was made from.
//!
//! One line per finished post, appended as it finishes (`<key> <output path>`), so an
//! interrupted batch keeps what it did; the last line for a path wins, and a torn last line
//! (the process was killed mid-write) is ignored. The file is compacted at the end of a run.

use std::collections::HashMap;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub const FILE_NAME: &str = ".postbind-manifest";

pub struct Manifest {
    path: PathBuf,
    entries: Mutex<HashMap<String, String>>,
    log: Mutex<Option<std::fs::File>>,
}

impl Manifest {
    pub fn open(dir: &Path) -> Manifest {
        let path = dir.join(FILE_NAME);
        let mut entries = HashMap::new();
        if let Ok(text) = std::fs::read_to_string(&path) {
            for line in text.lines() {
                if let Some((key, out)) = line.split_once(' ') {
                    if key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit()) {
                        entries.insert(out.to_string(), key.to_string());
                    }
                }
            }
        }
        Manifest {
            path,
            entries: Mutex::new(entries),
            log: Mutex::new(None),
        }
    }

    /// Every output exists and was made from this key.
    pub fn is_current(&self, outputs: &[PathBuf], key: &str) -> bool {
        let Ok(entries) = self.entries.lock() else {
            return false;
        };
        outputs
            .iter()
            .all(|o| o.exists() && entries.get(&name(o)).is_some_and(|k| k == key))
    }

    pub fn record(&self, outputs: &[PathBuf], key: &str) -> std::io::Result<()> {
        let mut lines = String::new();
        for o in outputs {
            lines.push_str(&format!("{key} {}\n", name(o)));
        }
        if let Ok(mut entries) = self.entries.lock() {
            for o in outputs {
                entries.insert(name(o), key.to_string());
            }
        }
        let mut log = self
            .log
            .lock()
            .map_err(|_| std::io::Error::other("manifest lock poisoned"))?;
        if log.is_none() {
            if let Some(dir) = self.path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            *log = Some(
                OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&self.path)?,
            );
        }
        match log.as_mut() {
            Some(f) => f.write_all(lines.as_bytes()),
            None => Ok(()),
        }
    }

    /// Rewrites the log as one line per output.
    pub fn compact(&self) -> std::io::Result<()> {
        let Ok(entries) = self.entries.lock() else {
            return Ok(());
        };
        if entries.is_empty() {
            return Ok(());
        }
        let mut sorted: Vec<_> = entries.iter().collect();
        sorted.sort();
        let text: String = sorted.iter().map(|(o, k)| format!("{k} {o}\n")).collect();
        crate::output::write_atomic(&self.path, text.as_bytes())
    }
}

fn name(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// A stable 128-bit fingerprint (two FNV-1a lanes): the same bytes give the same key on
/// every machine and every run, which is all change detection and sharding need.
pub fn fingerprint(parts: &[&[u8]]) -> String {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x6c62_272e_07bb_0142;
    for part in parts {
        for &byte in part.iter().chain(&[0xff]) {
            a = (a ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
            b = (b ^ u64::from(byte))
                .wrapping_mul(0x0000_0100_0000_01b3)
                .rotate_left(5);
        }
    }
    format!("{a:016x}{b:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_stable() {
        assert_eq!(fingerprint(&[b"abc"]), fingerprint(&[b"abc"]));
        assert_ne!(fingerprint(&[b"ab", b"c"]), fingerprint(&[b"a", b"bc"]));
        assert_eq!(fingerprint(&[b""]).len(), 32);
    }

    #[test]
    fn last_line_wins_and_torn_lines_are_ignored() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let key1 = "0".repeat(32);
        let key2 = "1".repeat(32);
        let out = dir.path().join("a.md");
        std::fs::write(&out, "x")?;
        let o = out.display();
        std::fs::write(
            dir.path().join(FILE_NAME),
            format!("{key1} {o}\n{key2} {o}\n12ab {o}"),
        )?;
        let m = Manifest::open(dir.path());
        assert!(m.is_current(std::slice::from_ref(&out), &key2));
        assert!(!m.is_current(&[out], &key1));
        Ok(())
    }
}
