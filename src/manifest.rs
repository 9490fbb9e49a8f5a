//! `--changed-only`: a record in the output folder of what each output was made from.
//!
//! One line per output (`<key> <output path relative to the folder>`), appended as each post
//! finishes, so an interrupted batch keeps what it did; the last line for a path wins, and a
//! torn last line (the process was killed mid-write) is ignored.
//!
//! Several postbind processes may share the folder (the shards of an array job): every
//! change to the file is made under a lock (`flock` on `.postbind-manifest.lock`), outputs are
//! renamed into place and recorded under that same lock, and the record is read again (what
//! other processes appended) before a post is judged unchanged. So the record never says an
//! output was made from content it was not made from, and compaction at the end of a run
//! rewrites what is on disk, other writers' lines included.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

pub const FILE_NAME: &str = ".postbind-manifest";
const LOCK_NAME: &str = ".postbind-manifest.lock";

pub struct Manifest {
    dir: PathBuf,
    path: PathBuf,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    entries: HashMap<String, String>,
    /// The file as far as read: its identity and how many bytes of it.
    file: Option<(u64, u64)>,
    read: u64,
}

/// Held while the manifest is read or changed; dropping it unlocks.
struct Lock(#[allow(dead_code)] Option<File>);

impl Manifest {
    pub fn open(dir: &Path) -> Manifest {
        let m = Manifest {
            dir: dir.to_path_buf(),
            path: dir.join(FILE_NAME),
            state: Mutex::new(State::default()),
        };
        if let (Ok(_lock), Ok(mut st)) = (m.lock(false), m.state.lock()) {
            m.refresh(&mut st);
        }
        m
    }

    /// Whether a manifest exists in `dir` (a run without `--changed-only` keeps it true).
    pub fn exists_in(dir: &Path) -> bool {
        dir.join(FILE_NAME).is_file()
    }

    fn lock(&self, exclusive: bool) -> std::io::Result<Lock> {
        let path = self.dir.join(LOCK_NAME);
        let file = if exclusive {
            std::fs::create_dir_all(&self.dir)?;
            OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)?
        } else {
            // Reading creates nothing: no folder yet means no record to read, and a folder
            // this process may not write to can still be read under a shared lock.
            match OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .or_else(|_| File::open(&path))
            {
                Ok(f) => f,
                Err(_) if !self.path.exists() => return Ok(Lock(None)),
                Err(e) => return Err(e),
            }
        };
        #[cfg(unix)]
        {
            use rustix::fs::{flock, FlockOperation};
            let op = if exclusive {
                FlockOperation::LockExclusive
            } else {
                FlockOperation::LockShared
            };
            flock(&file, op).map_err(std::io::Error::from)?;
        }
        #[cfg(not(unix))]
        let _ = exclusive;
        Ok(Lock(Some(file)))
    }

    /// Reads what was appended since the last read (all of it if the file was replaced).
    fn refresh(&self, st: &mut State) {
        let Ok(mut file) = File::open(&self.path) else {
            st.entries.clear();
            st.file = None;
            st.read = 0;
            return;
        };
        let id = identity(&file);
        if st.file.is_none() || st.file != id {
            st.entries.clear();
            st.read = 0;
        }
        st.file = id;
        if file.seek(SeekFrom::Start(st.read)).is_err() {
            return;
        }
        let mut text = Vec::new();
        if file.read_to_end(&mut text).is_err() {
            return;
        }
        // Only whole lines: a torn last line is someone's write in progress, or a kill.
        let whole = text.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        for line in text.get(..whole).unwrap_or_default().split(|&b| b == b'\n') {
            let Ok(line) = std::str::from_utf8(line) else {
                continue;
            };
            if let Some((key, out)) = line.split_once(' ') {
                if key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit()) {
                    st.entries.insert(out.to_string(), key.to_string());
                }
            }
        }
        st.read += whole as u64;
    }

    /// Every output exists and was made from this key, as the record stands now.
    pub fn is_current(&self, outputs: &[PathBuf], key: &str) -> bool {
        let Ok(_lock) = self.lock(false) else {
            return false;
        };
        let Ok(mut st) = self.state.lock() else {
            return false;
        };
        self.refresh(&mut st);
        outputs
            .iter()
            .all(|o| o.exists() && st.entries.get(&self.name(o)).is_some_and(|k| k == key))
    }

    /// Publishes a post's outputs (`publish` renames them into place) and records them, both
    /// under the lock, so no other process sees one without the other.
    /// Errors of the manifest itself become `E` through `io_error`.
    pub fn commit<T, E>(
        &self,
        outputs: &[PathBuf],
        key: &str,
        publish: impl FnOnce() -> Result<T, E>,
        io_error: impl Fn(std::io::Error) -> E,
    ) -> Result<T, E> {
        let _lock = self.lock(true).map_err(&io_error)?;
        let published = publish()?;
        self.append(outputs, key).map_err(io_error)?;
        Ok(published)
    }

    fn append(&self, outputs: &[PathBuf], key: &str) -> std::io::Result<()> {
        let mut lines = String::new();
        for o in outputs {
            lines.push_str(&format!("{key} {}\n", self.name(o)));
        }
        // Opened afresh each time: compaction replaces the file, and an old handle would
        // write into the replaced one.
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        file.write_all(lines.as_bytes())?;
        file.sync_data()
    }

    /// Rewrites the record as one line per output, from what is on disk now.
    pub fn compact(&self) -> std::io::Result<()> {
        let _lock = self.lock(true)?;
        let Ok(mut st) = self.state.lock() else {
            return Ok(());
        };
        st.file = None;
        self.refresh(&mut st);
        if st.entries.is_empty() {
            return Ok(());
        }
        let mut sorted: Vec<_> = st.entries.iter().collect();
        sorted.sort();
        let text: String = sorted.iter().map(|(o, k)| format!("{k} {o}\n")).collect();
        crate::output::write_atomic(&self.path, text.as_bytes())?;
        st.file = None;
        Ok(())
    }

    /// An output's name in the record: its path below the manifest's folder, with `/`, so
    /// `-o out`, `-o ./out/` and `-o $PWD/out` name it alike.
    fn name(&self, path: &Path) -> String {
        if let Ok(rel) = path.strip_prefix(&self.dir) {
            return slash_path(rel);
        }
        if let (Ok(dir), Ok(abs)) = (std::path::absolute(&self.dir), std::path::absolute(path)) {
            if let Ok(rel) = abs.strip_prefix(&dir) {
                return slash_path(rel);
            }
        }
        path.to_string_lossy().into_owned()
    }
}

/// A relative path with `/` between its parts and no `.` parts, the same on every machine.
pub fn slash_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".to_string()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

#[cfg(unix)]
fn identity(file: &File) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    file.metadata().ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(_file: &File) -> Option<(u64, u64)> {
    None
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
        let o = "a.md";
        std::fs::write(
            dir.path().join(FILE_NAME),
            format!("{key1} {o}\n{key2} {o}\n12ab {o}"),
        )?;
        let m = Manifest::open(dir.path());
        assert!(m.is_current(std::slice::from_ref(&out), &key2));
        assert!(!m.is_current(&[out], &key1));
        Ok(())
    }

    #[test]
    fn two_writers_see_and_keep_each_others_records() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let (k1, k2) = ("a".repeat(32), "b".repeat(32));
        let one = Manifest::open(dir.path());
        let two = Manifest::open(&dir.path().join("."));
        let (a, b) = (dir.path().join("a.md"), dir.path().join("sub/b.md"));
        std::fs::create_dir_all(dir.path().join("sub"))?;
        one.commit(
            std::slice::from_ref(&a),
            &k1,
            || std::fs::write(&a, "a"),
            |e| e,
        )?;
        two.commit(
            std::slice::from_ref(&b),
            &k2,
            || std::fs::write(&b, "b"),
            |e| e,
        )?;
        // Each sees the other's record without reopening.
        assert!(two.is_current(std::slice::from_ref(&a), &k1));
        assert!(one.is_current(std::slice::from_ref(&b), &k2));
        one.compact()?;
        two.compact()?;
        let text = std::fs::read_to_string(dir.path().join(FILE_NAME))?;
        assert_eq!(text, format!("{k1} a.md\n{k2} sub/b.md\n"));
        // A newer record from the other writer wins over what was read before.
        two.commit(
            std::slice::from_ref(&a),
            &k2,
            || std::fs::write(&a, "a2"),
            |e| e,
        )?;
        assert!(!one.is_current(std::slice::from_ref(&a), &k1));
        Ok(())
    }
}
