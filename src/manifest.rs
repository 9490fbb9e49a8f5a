//! `--changed-only`: a record in the output folder of what each output was made from.
//!
//! One line per output (`<key> <output path relative to the folder>`), appended every 256
//! posts or 2 seconds, so an interrupted batch keeps nearly all it did; the last line for a
//! path wins, and a torn last line (the process was killed mid-write) is ignored.
//!
//! Several postbind processes may share the folder (the shards of an array job): every
//! change to the file is made under a lock (`flock` on `.postbind-manifest.lock`). An output's
//! record is withdrawn (a `- <path>` line) under the lock that renames the new file into place;
//! the new records are appended in groups, once the file system has the outputs on disk, and
//! only for outputs still holding what this process wrote; the record is read again (what other
//! processes appended) before a post is judged unchanged. So the record never says an output
//! was made from content it was not made from, and compaction at the end of a run rewrites
//! what is on disk, other writers' lines included.
//!
//! In memory a record is 16 bytes (a hash of the output's name and 64 bits of its key), so a
//! folder of ten million outputs costs about 300 MB only while `--changed-only` reads it, not
//! the 1.5 GB its text would; compaction streams the file instead of holding it.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const FILE_NAME: &str = ".postbind-manifest";
const LOCK_NAME: &str = ".postbind-manifest.lock";

pub struct Manifest {
    dir: PathBuf,
    path: PathBuf,
    state: Mutex<State>,
    pending: Mutex<Pending>,
}

/// The key of a line that withdraws an output's record while the output is replaced.
const WITHDRAWN: &str = "-";
/// Records are written, after one sync of the file system, every this many posts …
const GROUP_POSTS: usize = 256;
/// … or this often: one fsync per output made `--changed-only` batches 70 times slower.
const GROUP_TIME: Duration = Duration::from_secs(2);

/// Records of outputs renamed into place, not yet known to be on disk.
#[derive(Default)]
struct Pending {
    records: Vec<Record>,
    posts: usize,
    since: std::sync::OnceLock<Instant>,
}

type FileId = (u64, u64, i64, i64);

struct Record {
    line: String,
    path: PathBuf,
    /// The file this process renamed there.
    file: Option<FileId>,
}

/// Gets the outputs' data and names onto the disk before their records are written: one
/// `syncfs` of the output folder's file system on Linux, each file and folder elsewhere.
fn sync_outputs(dir: &Path, records: &[Record]) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        let _ = records;
        let d = File::open(dir)?;
        rustix::fs::syncfs(&d).map_err(std::io::Error::from)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        let mut dirs: Vec<PathBuf> = Vec::new();
        for r in records {
            if let Ok(f) = File::open(&r.path) {
                f.sync_all()?;
            }
            if let Some(parent) = r.path.parent() {
                if !dirs.iter().any(|d| d == parent) {
                    dirs.push(parent.to_path_buf());
                }
            }
        }
        for d in dirs {
            if let Ok(f) = File::open(&d) {
                let _ = f.sync_all();
            }
        }
        Ok(())
    }
}

#[derive(Default)]
struct State {
    /// Output name hash → the first 64 bits of its key.
    entries: HashMap<u64, u64>,
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
            pending: Mutex::new(Pending::default()),
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

    /// Reads what was appended since the last read (all of it if the file was replaced),
    /// a line at a time.
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
        let mut reader = BufReader::with_capacity(1 << 16, file);
        let mut line = Vec::new();
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                // Only whole lines: a torn last line is someone's write in progress, or a kill.
                Ok(_) if line.last() != Some(&b'\n') => break,
                Ok(n) => {
                    st.read += n as u64;
                    match parse_line(&line) {
                        Some((None, out)) => {
                            st.entries.remove(&name_hash(out));
                        }
                        Some((Some(key), out)) => {
                            st.entries.insert(name_hash(out), key);
                        }
                        None => {}
                    }
                }
            }
        }
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
        let key = key_bits(key.as_bytes());
        outputs.iter().all(|o| {
            o.exists()
                && key.is_some()
                && st.entries.get(&name_hash(self.name(o).as_bytes())) == key.as_ref()
        })
    }

    /// Publishes a post's outputs (`publish` renames them into place) and records them.
    ///
    /// Under the lock, the outputs' old records are withdrawn (a `-` line) and the outputs
    /// renamed, so no other process ever sees a record that does not describe the file. The new
    /// records are written in groups ([`Manifest::flush`]): after the file system has the
    /// outputs on disk, and only for outputs that are still the files this process wrote.
    /// Errors of the manifest itself become `E` through `io_error`.
    pub fn commit<T, E>(
        &self,
        outputs: &[PathBuf],
        key: &str,
        publish: impl FnOnce() -> Result<T, E>,
        io_error: impl Fn(std::io::Error) -> E,
    ) -> Result<T, E> {
        let published = {
            let _lock = self.lock(true).map_err(&io_error)?;
            let withdrawn: String = outputs
                .iter()
                .map(|o| format!("{WITHDRAWN} {}\n", self.name(o)))
                .collect();
            self.append(&withdrawn, false).map_err(&io_error)?;
            let published = publish()?;
            let mut pending = self
                .pending
                .lock()
                .map_err(|_| io_error(std::io::Error::other("manifest lock poisoned")))?;
            for o in outputs {
                pending.records.push(Record {
                    line: format!("{key} {}\n", self.name(o)),
                    path: o.clone(),
                    file: std::fs::metadata(o).ok().as_ref().and_then(file_identity),
                });
            }
            pending.posts += 1;
            published
        };
        let due = self.pending.lock().is_ok_and(|p| {
            p.posts >= GROUP_POSTS || p.since.get_or_init(Instant::now).elapsed() >= GROUP_TIME
        });
        if due {
            self.flush().map_err(io_error)?;
        }
        Ok(published)
    }

    /// Writes the records waiting in this process: the output folder's file system is synced
    /// first, then each record is appended if its output is still the file this process
    /// renamed there (another writer may have replaced it since).
    pub fn flush(&self) -> std::io::Result<()> {
        let records = match self.pending.lock() {
            Ok(mut p) => {
                p.posts = 0;
                p.since = std::sync::OnceLock::new();
                std::mem::take(&mut p.records)
            }
            Err(_) => return Err(std::io::Error::other("manifest lock poisoned")),
        };
        if records.is_empty() {
            return Ok(());
        }
        sync_outputs(&self.dir, &records)?;
        let _lock = self.lock(true)?;
        let lines: String = records
            .iter()
            .filter(|r| {
                let now = std::fs::metadata(&r.path)
                    .ok()
                    .as_ref()
                    .and_then(file_identity);
                r.file.is_none() || now == r.file
            })
            .map(|r| r.line.as_str())
            .collect();
        self.append(&lines, true)
    }

    fn append(&self, lines: &str, sync: bool) -> std::io::Result<()> {
        if lines.is_empty() {
            return Ok(());
        }
        // Opened afresh each time: compaction replaces the file, and an old handle would
        // write into the replaced one.
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        file.write_all(lines.as_bytes())?;
        if sync {
            file.sync_data()?;
        }
        Ok(())
    }

    /// Rewrites the record as one line per output, from what is on disk now: the file is
    /// read twice (which line is each output's last, then those lines), never held whole.
    /// Lines keep the order of their last writing.
    pub fn compact(&self) -> std::io::Result<()> {
        self.flush()?;
        let _lock = self.lock(true)?;
        let Ok(mut st) = self.state.lock() else {
            return Ok(());
        };
        // Output name hash → the number of its last line (withdrawn: none).
        let mut last: HashMap<u64, Option<u64>> = HashMap::new();
        let mut redundant = false;
        each_line(&self.path, |n, line| {
            if let Some((key, out)) = parse_line(line) {
                let before = last.insert(name_hash(out), key.map(|_| n));
                redundant |= before.is_some() || key.is_none();
            } else {
                redundant = true;
            }
        })?;
        if last.values().all(Option::is_none) || !redundant {
            // Nothing recorded, or already one line per output.
            return Ok(());
        }
        crate::output::write_atomic_with(&self.path, |out| {
            let mut result = Ok(());
            each_line(&self.path, |n, line| {
                let keep = result.is_ok()
                    && parse_line(line).is_some_and(|(key, o)| {
                        key.is_some() && last.get(&name_hash(o)) == Some(&Some(n))
                    });
                if keep {
                    result = out.write_all(line);
                }
            })?;
            result
        })?;
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

/// Calls `each` with the number and bytes (with the `\n`) of every whole line of the file.
fn each_line(path: &Path, mut each: impl FnMut(u64, &[u8])) -> std::io::Result<()> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut line = Vec::new();
    let mut n = 0u64;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 || line.last() != Some(&b'\n') {
            return Ok(());
        }
        each(n, &line);
        n += 1;
    }
}

/// A record line: `<key> <output>` (the key's first 64 bits) or `- <output>` (`None`).
fn parse_line(line: &[u8]) -> Option<(Option<u64>, &[u8])> {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let space = line.iter().position(|&b| b == b' ')?;
    let (key, out) = (line.get(..space)?, line.get(space + 1..)?);
    if key == WITHDRAWN.as_bytes() {
        return Some((None, out));
    }
    Some((Some(key_bits(key)?), out))
}

/// The first 64 bits of a 32-hex-digit key.
fn key_bits(key: &[u8]) -> Option<u64> {
    if key.len() != 32 || !key.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u64::from_str_radix(std::str::from_utf8(key.get(..16)?).ok()?, 16).ok()
}

/// An output's name as the record keeps it in memory.
fn name_hash(name: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    h.write(name);
    h.finish()
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

/// A file as this process renamed it into place: device, inode and inode change time (an
/// inode number freed by a replaced file may be reused by a later one; its change time is not).
#[cfg(unix)]
fn file_identity(m: &std::fs::Metadata) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    Some((m.dev(), m.ino(), m.ctime(), m.ctime_nsec()))
}

#[cfg(not(unix))]
fn file_identity(_m: &std::fs::Metadata) -> Option<FileId> {
    None
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

/// A stable 128-bit fingerprint (SipHash-1-3 with fixed keys): the same bytes give the same
/// key on every machine and every run, which is all change detection and sharding need, at
/// eight bytes a round where FNV took one.
pub fn fingerprint(parts: &[&[u8]]) -> String {
    use siphasher::sip128::{Hasher128, SipHasher13};
    use std::hash::Hasher;
    let mut h = SipHasher13::new_with_keys(0x7073_7462_696e_6431, 0x6b65_7973_2d76_3201);
    for part in parts {
        // Each part's length first, so no two splits of the same bytes share a key.
        h.write(&(part.len() as u64).to_le_bytes());
        h.write(part);
    }
    format!("{:032x}", h.finish128().as_u128())
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
        // Withdrawn at once, recorded once flushed.
        assert!(!two.is_current(std::slice::from_ref(&a), &k1));
        one.flush()?;
        two.flush()?;
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
        two.flush()?;
        assert!(one.is_current(std::slice::from_ref(&a), &k2));
        Ok(())
    }

    #[test]
    fn a_record_is_not_written_for_a_file_replaced_since() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let (k1, k2) = ("a".repeat(32), "b".repeat(32));
        let (one, two) = (Manifest::open(dir.path()), Manifest::open(dir.path()));
        let a = dir.path().join("a.md");
        let renamed = |text: &str| {
            let tmp = dir.path().join("tmp");
            std::fs::write(&tmp, text)?;
            std::fs::rename(&tmp, &a)
        };
        one.commit(std::slice::from_ref(&a), &k1, || renamed("one"), |e| e)?;
        // The other writer replaces the file and records it before the first flushes.
        two.commit(std::slice::from_ref(&a), &k2, || renamed("two"), |e| e)?;
        two.flush()?;
        one.flush()?;
        let m = Manifest::open(dir.path());
        assert!(m.is_current(std::slice::from_ref(&a), &k2));
        assert!(!m.is_current(std::slice::from_ref(&a), &k1));
        Ok(())
    }
}
